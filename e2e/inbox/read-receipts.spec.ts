import { expect, test } from "@playwright/test";
import { DEMO_AGENT, openDemoWidget, sendFromWidget, signInAsAgent } from "../support/actors";

test("each side sees when the other has read: the customer's message once an agent opens it, the reply once the customer has the chat in front of them", async ({
  browser,
  page,
}) => {
  const text = `Is anyone there? (${Date.now()})`;
  const widget = await openDemoWidget(page);
  await sendFromWidget(widget, text);

  const context = await browser.newContext();
  const alex = await context.newPage();
  await signInAsAgent(alex, DEMO_AGENT);
  const mine = widget.getByTestId("message").filter({ hasText: text }).getByTestId("delivery-status");
  await expect(mine).toHaveAttribute("data-status", "delivered");
  await alex.getByTestId("conversation-item").filter({ hasText: text }).click();
  // The agent opened it: the customer's tick turns to read, live.
  await expect(mine).toHaveAttribute("data-status", "read");

  // The customer is looking at the host page, not at the chat.
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    window.focus();
  });
  expect(await page.evaluate(() => document.activeElement?.tagName)).not.toBe("IFRAME");

  const reply = `Yes, I am here (${Date.now()})`;
  await alex.getByTestId("composer-input").fill(reply);
  await alex.getByTestId("composer-input").press("Enter");
  const replyStatus = alex.getByTestId("message").filter({ hasText: reply }).getByTestId("delivery-status");
  await expect(replyStatus).toHaveAttribute("data-status", "sent");
  await expect(widget.getByTestId("message").filter({ hasText: reply })).toBeVisible();
  await page.waitForTimeout(1500);
  await expect(replyStatus).toHaveAttribute("data-status", "sent");

  // Back in the chat: the agent sees the reply as read, live.
  await widget.getByTestId("composer-input").click();
  await expect(replyStatus).toHaveAttribute("data-status", "read");
  await expect(replyStatus.getByLabel("Read")).toBeVisible();

  // And it stays read after a reload (stored, not just signalled).
  await alex.reload();
  // The list now previews the last message: the reply.
  await alex.getByTestId("conversation-item").filter({ hasText: reply }).click();
  await expect(alex.getByTestId("message").filter({ hasText: reply }).getByTestId("delivery-status")).toHaveAttribute(
    "data-status",
    "read",
  );
  await context.close();
});
