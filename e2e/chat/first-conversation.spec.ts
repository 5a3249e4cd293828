import { expect, test } from "@playwright/test";
import { DEMO_AGENT, openDemoWidget, sendFromWidget, signInAsAgent } from "../support/actors";

test("a visitor and an agent talk live, and the history survives a reload", async ({ browser }) => {
  const visitorContext = await browser.newContext();
  const agentContext = await browser.newContext();
  const visitor = await visitorContext.newPage();
  const agent = await agentContext.newPage();

  await signInAsAgent(agent);
  // The seeded demo conversations are listed.
  await expect(agent.getByTestId("conversation-item").first()).toBeVisible();

  const widget = await openDemoWidget(visitor);
  const greeting = `Hello ${Date.now()}`;
  await sendFromWidget(widget, greeting);

  // The agent's list grows without a reload, and the new conversation shows the message.
  const item = agent.getByTestId("conversation-item").filter({ hasText: greeting });
  await expect(item).toBeVisible();
  await expect(item.getByTestId("unread-count")).toHaveText("1");
  await item.click();
  const thread = agent.getByTestId("thread-messages");
  await expect(thread.getByTestId("message").filter({ hasText: greeting })).toBeVisible();

  const reply = "Hi! Happy to help — what do you need?";
  await agent.getByTestId("composer-input").fill(reply);
  await agent.getByTestId("composer-send").click();
  await expect(thread.getByTestId("message").filter({ hasText: reply })).toHaveAttribute("data-state", "stored");

  // The visitor sees the reply live.
  await expect(widget.getByTestId("message").filter({ hasText: reply })).toBeVisible();

  // A second visitor message arrives live in the open thread.
  await widget.getByTestId("composer-input").fill("Where is my order #1042?");
  await widget.getByTestId("composer-send").click();
  await expect(thread.getByTestId("message").filter({ hasText: "Where is my order #1042?" })).toBeVisible();

  // After a reload the visitor keeps their identity and the whole history, in order.
  await visitor.reload();
  await visitor.locator("[data-switchboard-launcher]").click();
  const reloaded = visitor.frameLocator('iframe[title="Chat with us"]');
  const bodies = reloaded.getByTestId("message");
  await expect(bodies).toHaveCount(3);
  await expect(bodies.nth(0)).toContainText(greeting);
  await expect(bodies.nth(1)).toContainText(reply);
  await expect(bodies.nth(2)).toContainText("Where is my order #1042?");

  // Private notes stay with the team.
  await agent.getByRole("button", { name: "Private note" }).click();
  await agent.getByTestId("composer-input").fill("Customer is on the annual plan");
  await agent.getByTestId("composer-send").click();
  await expect(thread.getByTestId("message").filter({ hasText: "Customer is on the annual plan" })).toHaveAttribute(
    "data-direction",
    "note",
  );
  await visitor.reload();
  await visitor.locator("[data-switchboard-launcher]").click();
  await expect(visitor.frameLocator('iframe[title="Chat with us"]').getByTestId("message")).toHaveCount(3);

  await visitorContext.close();
  await agentContext.close();
});

test("the widget explains an unknown inbox token instead of failing silently", async ({ page }) => {
  await page.goto("/demo?inbox=not_a_real_inbox");
  await page.locator("[data-switchboard-launcher]").click();
  await expect(page.frameLocator('iframe[title="Chat with us"]').getByText("Unknown inbox")).toBeVisible();
});

test("the inbox is behind sign-in and a wrong password is refused", async ({ page }) => {
  await page.goto("/inbox");
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel("Email").fill(DEMO_AGENT.email);
  await page.getByLabel("Password").fill("wrong-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("don't match an account")).toBeVisible();
});
