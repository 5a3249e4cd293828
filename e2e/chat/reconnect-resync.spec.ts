import { expect, test, type WebSocketRoute } from "@playwright/test";
import { openDemoWidget, sendFromWidget, signInAsAgent } from "../support/actors";

test("an agent who loses the realtime connection catches up by seq, with nothing missed or doubled", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const visitorContext = await browser.newContext();
  const agentContext = await browser.newContext();
  const visitor = await visitorContext.newPage();
  const agent = await agentContext.newPage();

  // Every realtime socket of the agent's page goes through here, so the test can cut it.
  let offline = false;
  const live: WebSocketRoute[] = [];
  await agent.routeWebSocket(/\/app\//, (socket) => {
    if (offline) {
      void socket.close({ code: 4200, reason: "network down" });
      return;
    }
    socket.connectToServer();
    live.push(socket);
  });

  await signInAsAgent(agent);
  const realtimeState = agent.getByTestId("realtime-state");

  const widget = await openDemoWidget(visitor);
  const opener = `Reconnect check ${Date.now()}`;
  await sendFromWidget(widget, opener);

  await agent.getByTestId("conversation-item").filter({ hasText: opener }).click();
  const thread = agent.getByTestId("thread-messages");
  await expect(thread.getByTestId("message").filter({ hasText: opener })).toBeVisible();

  offline = true;
  await Promise.all(live.splice(0).map((socket) => socket.close({ code: 4200, reason: "network down" })));
  await expect(realtimeState).not.toHaveAttribute("data-state", "connected");
  // The agent is told, not left guessing.
  await expect(realtimeState).toHaveAttribute("data-status", /reconnecting|offline/);
  await expect(realtimeState).not.toHaveText("Live");

  const missed = ["Are you still there?", "I found the order number: 1042"];
  for (const text of missed) await sendFromWidget(widget, text);
  await expect(thread.getByTestId("message")).toHaveCount(1);

  offline = false;
  await expect(realtimeState).toHaveAttribute("data-state", "connected", { timeout: 60_000 });
  await expect(realtimeState).toHaveText("Live");
  await expect(thread.getByTestId("message")).toHaveCount(3);
  await expect(thread.getByTestId("message").nth(1)).toContainText(missed[0]!);
  await expect(thread.getByTestId("message").nth(2)).toContainText(missed[1]!);

  // Live delivery works again after the catch-up, still without duplicates.
  await widget.getByTestId("composer-input").fill("Thanks!");
  await widget.getByTestId("composer-input").press("Enter");
  await expect(thread.getByTestId("message").filter({ hasText: "Thanks!" })).toHaveCount(1);
  await expect(thread.getByTestId("message")).toHaveCount(4);

  await visitorContext.close();
  await agentContext.close();
});
