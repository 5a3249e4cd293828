import { expect, test } from "@playwright/test";
import { DEMO_ADMIN, DEMO_AGENT, signInAsAgent } from "../support/actors";
import { signInOverHttp, trpcCall } from "../support/http";

test.describe("inbox settings and the audit log", () => {
  test("an admin creates an API inbox, copies its credentials once, and finds it in the audit log", async ({
    page,
    context,
    baseURL,
  }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL! });
    const name = `Partner portal ${Date.now().toString(36)}`;
    await signInAsAgent(page, DEMO_ADMIN);
    await page.getByRole("link", { name: "Inbox settings" }).click();
    await expect(page.getByRole("heading", { name: "Inboxes" })).toBeVisible();
    await expect(page.getByTestId("inbox-row").filter({ hasText: "Mobile app" })).toContainText("API");

    await page.getByRole("button", { name: "New inbox" }).click();
    const form = page.getByRole("form", { name: "New inbox" });
    await form.getByLabel("API").check();
    await form.getByLabel("Name").fill(name);
    await form.getByLabel("Colour", { exact: true }).fill("#12ab34");
    // A callback into private space is refused with a message, and nothing is created (the e2e server
    // allows loopback callbacks for the deliveries spec; private addresses stay refused whatever the setting).
    await form.getByLabel("Callback URL").fill("http://10.0.0.9/hooks");
    await form.getByRole("button", { name: "Create inbox" }).click();
    await expect(form.getByRole("alert")).toContainText("must reach a public address");
    await expect(page.getByTestId("inbox-row").filter({ hasText: name })).toHaveCount(0);

    await form.getByLabel("Callback URL").fill("");
    await form.getByRole("button", { name: "Create inbox" }).click();
    await expect(page.getByTestId("inbox-row").filter({ hasText: name })).toHaveCount(1);

    await expect(page.getByTestId("api-base-url")).toHaveText(`${baseURL}/api/v1`);
    await expect(page.getByTestId("inbox-token")).toHaveText(/^inb_[A-Za-z0-9_-]+$/);
    await expect(page.getByRole("link", { name: `${baseURL}/api/v1/openapi.json` })).toBeVisible();
    const webhookSecret = (await page.getByTestId("webhook-secret").textContent())!;
    const identitySecret = (await page.getByTestId("identity-secret").textContent())!;
    expect(webhookSecret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(identitySecret).toMatch(/^[0-9a-f]{64}$/);

    await page.getByRole("button", { name: "Copy Webhook signing secret" }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(webhookSecret);
    await page.getByRole("button", { name: "Copy Inbox token" }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
      await page.getByTestId("inbox-token").textContent(),
    );

    // Shown once: after a reload the same inbox is open, its secrets only "set".
    await page.reload();
    await expect(page.getByTestId("inbox-token")).toBeVisible();
    await expect(page.getByTestId("webhook-secret-state")).toContainText("Set (rotated");
    await expect(page.getByTestId("identity-secret-state")).toContainText("Set (rotated");
    await expect(page.getByTestId("webhook-secret")).toHaveCount(0);
    expect(await page.content()).not.toContain(webhookSecret);
    expect(await page.content()).not.toContain(identitySecret);

    // Rotating asks first, then shows the new secret once.
    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByTestId("identity-secret-block").getByRole("button", { name: "Rotate" }).click();
    await expect(page.getByTestId("identity-secret")).toHaveText(/^[0-9a-f]{64}$/);
    const rotated = (await page.getByTestId("identity-secret").textContent())!;
    expect(rotated).not.toBe(identitySecret);

    await page.getByRole("link", { name: "Audit log" }).click();
    await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
    const created = page.locator('[data-testid="audit-row"][data-action="inbox.created"]').filter({ hasText: name });
    await expect(created).toContainText("Ada Admin");
    await expect(created).toContainText("Created inbox");
    await expect(
      page.locator('[data-testid="audit-row"][data-action="inbox.identity_secret_rotated"]').filter({ hasText: name }),
    ).toHaveCount(1);
    for (const secret of [webhookSecret, identitySecret, rotated]) expect(await page.content()).not.toContain(secret);
  });

  test("the website inbox shows its embed snippet with the app's origin", async ({ page, baseURL }) => {
    await signInAsAgent(page, DEMO_ADMIN);
    await page.goto("/settings/inboxes");
    await page.getByTestId("inbox-row").filter({ hasText: "Website chat" }).click();
    await expect(page.getByTestId("embed-snippet")).toHaveText(
      `<script src="${baseURL}/widget.js" data-inbox="demo_web_widget" async></script>`,
    );
    await expect(page.getByTestId("identity-secret-state")).toContainText("Set (rotated");
  });

  test("agents reach neither the inbox settings nor the audit log", async ({ page, baseURL }) => {
    await signInAsAgent(page, DEMO_AGENT);
    await expect(page.getByRole("link", { name: "Inbox settings" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Audit log" })).toHaveCount(0);
    await page.goto("/settings/inboxes");
    await expect(page.getByText("Only admins can manage the inboxes of this workspace.")).toBeVisible();
    await page.goto("/settings/audit");
    await expect(page.getByText("Only admins can read the audit log of this workspace.")).toBeVisible();

    const cookie = await signInOverHttp(baseURL!, DEMO_AGENT, "127.0.0.61");
    expect((await trpcCall(baseURL!, cookie, "inboxes.list")).status).toBe(403);
    expect((await trpcCall(baseURL!, cookie, "audit.list", {})).status).toBe(403);
    const create = await trpcCall(baseURL!, cookie, "inboxes.create", { channelType: "api", name: "Nope" }, "mutation");
    expect(create.status).toBe(403);
  });
});
