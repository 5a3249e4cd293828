import { expect, test } from "@playwright/test";
import { DEMO_ADMIN, signInAsAgent } from "../support/actors";
import { signInOverHttp, trpcCall } from "../support/http";

test.describe("people and account settings", () => {
  test("an admin deactivates and reactivates a teammate, whose open session ends", async ({ page, baseURL }) => {
    const priya = { email: "priya@switchboard.local", password: "switchboard" };
    const priyaCookie = await signInOverHttp(baseURL!, priya, "127.0.0.51");
    expect((await trpcCall(baseURL!, priyaCookie, "workspace.members")).status).toBe(200);

    await signInAsAgent(page, DEMO_ADMIN);
    await page.getByRole("link", { name: "People settings" }).click();
    await expect(page.getByRole("heading", { name: "People", exact: true })).toBeVisible();
    const row = page.locator(`[data-testid="member-row"][data-email="${priya.email}"]`);
    await expect(row).toContainText("Priya Shah");

    await row.getByRole("button", { name: "Deactivate" }).click();
    await expect(row).toContainText("Deactivated");
    expect((await trpcCall(baseURL!, priyaCookie, "workspace.members")).status).toBe(401);

    await row.getByRole("button", { name: "Reactivate" }).click();
    await expect(row).not.toContainText("Deactivated");
    // The old session stays ended; signing in again works.
    expect((await trpcCall(baseURL!, priyaCookie, "workspace.members")).status).toBe(401);
    expect(await signInOverHttp(baseURL!, priya, "127.0.0.51")).toMatch(/session-token=/);

    // The last admin cannot demote themselves.
    await page.getByLabel("Role of Ada Admin").selectOption("agent");
    await expect(
      page.getByRole("alert").filter({ hasText: "A workspace needs at least one active admin" }),
    ).toBeVisible();
  });

  test("agents do not see the people settings", async ({ page }) => {
    await signInAsAgent(page);
    await expect(page.getByRole("link", { name: "People settings" })).toHaveCount(0);
    await page.goto("/settings/people");
    await expect(page.getByText("Only admins can manage the people of this workspace.")).toBeVisible();
  });

  test("an agent sees where they are signed in and signs the other sessions out", async ({ page, baseURL }) => {
    const elsewhere = await signInOverHttp(
      baseURL!,
      { email: "agent@switchboard.local", password: "switchboard" },
      "127.0.0.52",
    );
    await signInAsAgent(page);
    await page.getByRole("link", { name: "Your account" }).click();
    await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
    const rows = page.getByTestId("session-row");
    await expect(rows.filter({ hasText: "This browser" })).toHaveCount(1);
    expect(await rows.count()).toBeGreaterThanOrEqual(2);

    await page.getByLabel("Your password, to sign out everywhere else").fill("switchboard");
    await page.getByRole("button", { name: "Sign out other sessions" }).click();
    await expect(page.getByRole("status")).toContainText("Signed out");
    await expect(rows).toHaveCount(1);
    expect((await trpcCall(baseURL!, elsewhere, "workspace.members")).status).toBe(401);
    // This browser is still signed in.
    await page.reload();
    await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
  });
});
