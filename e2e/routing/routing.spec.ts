import { expect, test, type Browser } from "@playwright/test";
import { DEMO_ADMIN, openDemoWidget, sendFromWidget, signInAsAgent } from "../support/actors";

const PRIYA = { email: "priya@switchboard.local", password: "switchboard" };

async function signedIn(browser: Browser, login: { email: string; password: string }) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInAsAgent(page, login);
  return { context, page };
}

test("an admin adds a rule and checks it in the tester before publishing", async ({ browser }) => {
  const { context, page } = await signedIn(browser, DEMO_ADMIN);
  await page.goto("/settings/routing");
  await page.getByRole("button", { name: "Add rule" }).click();
  const rule = page.getByTestId("rule-editor").last();
  await rule.getByLabel("Rule name").fill("Invoices to Billing");
  await rule.getByLabel("Keywords").fill("invoice, receipt");
  await rule.getByLabel("Keywords").blur();
  await rule.getByLabel("Add action").selectOption("set_team");
  await rule.getByLabel("Team").selectOption({ label: "Billing" });

  await page.getByLabel("Sample message").fill("Where is my INVOICE for March?");
  await page.getByRole("button", { name: "Test" }).click();
  const result = page.getByTestId("tester-result");
  await expect(result).toContainText("Matches: Invoices to Billing");
  await expect(result).toContainText("team Billing");

  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByRole("status")).toContainText("Draft saved");
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByRole("status")).toContainText("Rules published");
  await page.reload();
  await expect(page.getByText(/3 rules published/)).toBeVisible();
  await context.close();
});

test("a refund waits in Billing's queue until a Billing agent comes online, and everyone sees why", async ({
  browser,
  page,
}) => {
  const supervisor = await signedIn(browser, DEMO_ADMIN);
  await supervisor.page.goto("/supervisor");
  const billingRows = supervisor.page.getByTestId("queue-row").filter({ hasText: "Billing" });
  const waitingTotal = supervisor.page.getByTestId("waiting-total");

  const widget = await openDemoWidget(page);
  const text = `I was charged twice (${Date.now()}), I need a refund`;
  await sendFromWidget(widget, text);
  // Routed within a second or two; no Billing agent is online yet, so it waits in Billing's queue.
  await expect(billingRows.first()).toBeVisible({ timeout: 20_000 });
  const waitingBefore = Number(await waitingTotal.textContent());

  // Priya works only in Billing: going online, she is offered the refund at once.
  const priya = await signedIn(browser, PRIYA);
  await priya.page.getByRole("button", { name: /Availability/ }).click();
  await priya.page.getByRole("menuitem", { name: /Online/ }).click();
  await expect(priya.page.getByTestId("availability")).toHaveAttribute("data-state", "online");

  // The supervisor's count drops live.
  await expect
    .poll(async () => Number(await waitingTotal.textContent()), { timeout: 20_000 })
    .toBeLessThan(waitingBefore);

  await priya.page.getByLabel("View").selectOption("me");
  await priya.page.getByTestId("conversation-item").filter({ hasText: text }).click();
  await expect(priya.page.getByTestId("routing-explanation")).toContainText(
    "Routed to Billing by rule 'Refunds'; Priya Shah chosen: online, skill 'billing'",
  );
  await expect(priya.page.getByTestId("sla-badge").first()).toBeVisible();
  await expect(priya.page.getByTestId("conversation-thread").getByLabel("Priority")).toHaveValue("urgent");

  // Leave the shared demo as it was: Priya offline again.
  await priya.page.getByRole("button", { name: /Availability/ }).click();
  await priya.page.getByRole("menuitem", { name: /Offline/ }).click();
  await priya.context.close();
  await supervisor.context.close();
});

test("agents cannot reach routing or the supervisor page", async ({ page }) => {
  await signInAsAgent(page);
  await page.goto("/settings/routing");
  await expect(page.getByText("Only supervisors and admins can see routing.")).toBeVisible();
  await page.goto("/supervisor");
  await expect(page.getByText("Only supervisors and admins can watch the queues.")).toBeVisible();
});
