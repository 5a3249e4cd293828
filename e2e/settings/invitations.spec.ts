import { expect, test } from "@playwright/test";
import { DEMO_ADMIN, openDemoWidget, sendFromWidget, signInAsAgent } from "../support/actors";

test("an admin invites an agent, who signs in, joins a team, sets a picture, claims a conversation and transfers it", async ({
  browser,
}) => {
  const stamp = Date.now();
  const email = `nora-${stamp}@switchboard.local`;
  // Unique per attempt: a retry must not find the first attempt's Nora among the team's members.
  const name = `Nora ${stamp.toString(36)}`;
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signInAsAgent(admin, DEMO_ADMIN);
  await admin.getByRole("link", { name: "People settings" }).click();
  await admin.getByLabel("Email address").fill(email);
  await admin.getByLabel("Invitation role").selectOption("agent");
  await admin.getByRole("button", { name: "Invite" }).click();
  const link = (await admin.getByTestId("invitation-link").textContent())!.trim();
  expect(link).toMatch(/\/invite#[A-Za-z0-9_-]{43}$/);
  await expect(admin.locator(`[data-testid="invitation-row"][data-email="${email}"]`)).toBeVisible();

  const noraContext = await browser.newContext();
  const nora = await noraContext.newPage();
  await nora.goto(link);
  await expect(nora.getByText("You are invited to")).toContainText("as agent");
  await nora.getByLabel("Your name").fill(name);
  await nora.getByLabel("Choose a password").fill("nora's long password");
  await nora.getByLabel("Password, again").fill("nora's long password");
  await nora.getByRole("button", { name: /^Join / }).click();
  await expect(nora.getByRole("status")).toContainText("Your account is ready");
  await expect(nora.getByLabel("Email")).toHaveValue(email);
  await nora.getByLabel("Password").fill("nora's long password");
  await nora.getByRole("button", { name: "Sign in" }).click();
  await expect(nora).toHaveURL(/\/inbox/);

  // The link worked once.
  const again = await noraContext.newPage();
  await again.goto(link);
  await expect(again.getByText(/not valid any more/)).toBeVisible();

  // She joins Frontline.
  await admin.goto("/settings/routing");
  const frontline = admin.locator('[data-testid="team-row"][data-name="Frontline"]');
  await frontline.getByRole("button", { name: "Edit" }).click();
  await frontline.getByLabel(name).check();
  await frontline.getByRole("button", { name: "Save team" }).click();
  // Saved: the editor closes and the team's summary names her.
  await expect(frontline.getByRole("button", { name: "Save team" })).toHaveCount(0);
  await expect(frontline).toContainText(name);
  await admin.goto("/settings/people");
  await expect(admin.locator(`[data-testid="invitation-row"][data-email="${email}"]`)).toHaveCount(0);
  await expect(admin.locator(`[data-testid="member-row"][data-email="${email}"]`)).toContainText(name);

  // Her profile: a picture, shrunk in the browser, seen by the admin.
  await nora.getByRole("link", { name: "Your account" }).click();
  // A real photo-sized PNG, drawn by the browser, for the page to crop and shrink.
  const png = await nora.evaluate(() => {
    const canvas = document.createElement("canvas");
    canvas.width = 640;
    canvas.height = 480;
    const context = canvas.getContext("2d")!;
    context.fillStyle = "#0ea5e9";
    context.fillRect(0, 0, 640, 480);
    return canvas.toDataURL("image/png").split(",")[1]!;
  });
  await nora
    .locator('input[type="file"]')
    .setInputFiles({ name: "me.png", mimeType: "image/png", buffer: Buffer.from(png, "base64") });
  await expect(nora.locator('img[src^="data:image/jpeg;base64,"]')).toBeVisible();
  await nora.getByRole("button", { name: "Save profile" }).click();
  await expect(nora.getByRole("status").filter({ hasText: "Profile saved" })).toBeVisible();
  await admin.reload();
  await expect(
    admin.locator(`[data-testid="member-row"][data-email="${email}"] img[src^="data:image/jpeg;base64,"]`),
  ).toBeVisible();

  // Her first conversation: she claims the next one waiting and hands it to Billing.
  const visitorContext = await browser.newContext();
  const widget = await openDemoWidget(await visitorContext.newPage());
  const question = `Hello, a question about my account settings (${stamp})`;
  await sendFromWidget(widget, question);
  await nora.getByRole("link", { name: "Inbox" }).click();
  // Routing has placed it in Frontline's queue once its SLA clock runs; a claim while the router
  // holds the conversation skips it, as a second agent's claim would.
  const waiting = nora.getByTestId("conversation-item").filter({ hasText: question });
  await expect(waiting.getByTestId("sla-badge")).toBeVisible({ timeout: 20_000 });
  await nora.getByRole("button", { name: "Claim next" }).click();
  await expect(nora.getByLabel("Assignee").locator("option:checked")).toHaveText(`${name} (me)`);
  await nora.getByLabel("Transfer").selectOption({ label: "Billing" });
  await expect(nora.getByRole("status").filter({ hasText: `Transferred by ${name} to Billing` })).toBeVisible();
  await expect(nora.getByLabel("Assignee").locator("option:checked")).not.toHaveText(`${name} (me)`);

  await visitorContext.close();
  await noraContext.close();
  await adminContext.close();
});

test("an invitation link that was never issued is refused without revealing anything", async ({ page }) => {
  await page.goto(`/invite#${"A".repeat(43)}`);
  await expect(page.getByText(/not valid any more/)).toBeVisible();
  await page.goto("/invite#not-a-token");
  await page.reload();
  await expect(page.getByText(/This invitation link is not valid/)).toBeVisible();
});
