import { expect, test } from "@playwright/test";
import { DEMO_AGENT, openDemoWidget, sendFromWidget, signInAsAgent } from "../support/actors";

test("the inbox list follows new messages in place instead of fetching itself again for each", async ({
  browser,
  page,
}) => {
  const first = `Order question (${Date.now()})`;
  const widget = await openDemoWidget(page);
  await sendFromWidget(widget, first);

  const context = await browser.newContext();
  const alex = await context.newPage();
  await signInAsAgent(alex, DEMO_AGENT);
  const row = alex.getByTestId("conversation-item").filter({ hasText: first });
  await expect(row).toBeVisible();
  const conversationId = await row.getAttribute("data-conversation-id");

  let listRequests = 0;
  alex.on("request", (request) => {
    if (request.url().includes("conversations.list")) listRequests++;
  });
  for (let i = 1; i <= 4; i++) await sendFromWidget(widget, `Follow-up ${i} (${first})`);

  const updated = alex.locator(`[data-testid="conversation-item"][data-conversation-id="${conversationId}"]`);
  await expect(updated).toContainText(`Follow-up 4 (${first})`);
  await expect(updated.getByTestId("unread-count")).toHaveText("5");
  await alex.waitForTimeout(1500);
  expect(listRequests).toBe(0);
  await context.close();
});
