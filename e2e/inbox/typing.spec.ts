import { expect, test } from "@playwright/test";
import { DEMO_AGENT, openDemoWidget, sendFromWidget, signInAsAgent } from "../support/actors";

test("the customer and the agent see each other typing, never a private note, and it fades by itself", async ({
  browser,
  page,
}) => {
  const text = `Quick question about billing (${Date.now()})`;
  const widget = await openDemoWidget(page);
  await sendFromWidget(widget, text);

  const context = await browser.newContext();
  const alex = await context.newPage();
  await signInAsAgent(alex, DEMO_AGENT);
  await alex.getByTestId("conversation-item").filter({ hasText: text }).click();
  await expect(alex.getByTestId("thread-messages")).toContainText(text);
  const customerName = (await alex.getByTestId("thread-contact-name").textContent())!.trim();

  // The customer types: the agent sees it, and sees it stop when the draft is cleared.
  const visitorComposer = widget.getByTestId("composer-input");
  await visitorComposer.pressSequentially("And one more thing");
  await expect(alex.getByTestId("customer-typing")).toHaveText(`${customerName} is typing…`);
  await visitorComposer.fill("");
  await expect(alex.getByTestId("customer-typing")).toHaveText("");

  // The agent types a reply: the customer sees the agent's first name.
  const agentTyping = widget.getByTestId("agent-typing");
  const alexComposer = alex.getByTestId("composer-input");
  await alexComposer.pressSequentially("Sure, ");
  await expect(agentTyping).toHaveText("Alex is typing…");
  await alexComposer.fill("");
  await expect(agentTyping).toHaveText("");

  // A private note is nobody's business but the team's.
  await alex.getByRole("button", { name: "Private note" }).click();
  await alexComposer.pressSequentially("Check the March invoice first");
  await alex.waitForTimeout(1500);
  await expect(agentTyping).toHaveText("");
  await alexComposer.fill("");

  // Typing that simply stops (a closed laptop) fades after a few seconds.
  await alex.getByRole("button", { name: "Reply", exact: true }).click();
  await alexComposer.pressSequentially("Let me");
  await expect(agentTyping).toHaveText("Alex is typing…");
  await expect(agentTyping).toHaveText("", { timeout: 10_000 });
  await context.close();
});
