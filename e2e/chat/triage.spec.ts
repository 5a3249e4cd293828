import { expect, test } from "@playwright/test";
import { openDemoWidget, sendFromWidget, signInAsAgent } from "../support/actors";

test("an agent takes a conversation, raises its priority and resolves it", async ({ browser }) => {
  const visitor = await (await browser.newContext()).newPage();
  const agent = await (await browser.newContext()).newPage();

  const widget = await openDemoWidget(visitor);
  const text = `Refund please ${Date.now()}`;
  await sendFromWidget(widget, text);

  await signInAsAgent(agent);
  const item = agent.getByTestId("conversation-item").filter({ hasText: text });
  await item.click();

  await agent.getByLabel("Assignee", { exact: true }).selectOption({ label: "Alex Agent (me)" });
  await agent.getByLabel("View").selectOption("me");
  await expect(item).toBeVisible();

  await agent.getByLabel("Priority", { exact: true }).selectOption("urgent");
  await expect(item).toContainText("urgent", { ignoreCase: true });
  await expect(agent.getByTestId("conversation-item").first()).toContainText(/urgent/i);

  await agent.getByRole("button", { name: "Resolve" }).click();
  await expect(agent.getByRole("button", { name: "Reopen" })).toBeVisible();
  await expect(item).toHaveCount(0);
  await agent.getByRole("tab", { name: "Resolved" }).click();
  await expect(item).toBeVisible();

  // The visitor's next message starts a fresh conversation rather than reviving the resolved one.
  await widget.getByTestId("composer-input").fill("One more thing");
  await widget.getByTestId("composer-input").press("Enter");
  await agent.getByRole("tab", { name: "Open" }).click();
  await agent.getByLabel("View").selectOption("any");
  await expect(agent.getByTestId("conversation-item").filter({ hasText: "One more thing" })).toBeVisible();
});
