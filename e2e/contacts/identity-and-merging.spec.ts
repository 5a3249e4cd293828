import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Page } from "@playwright/test";
import { sendFromWidget, signInAsAgent } from "../support/actors";

const INBOX = "demo_web_widget";

/** A customer's site on another origin (127.0.0.1 vs the app's localhost: another site, too) that embeds the widget. */
async function startHostSite(appOrigin: string): Promise<{ origin: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    if (req.url?.startsWith("/forged")) {
      // A page that frames the chat claiming another site as its parent, then hands it a visitor token.
      res.end(`<!doctype html><html><body><iframe title="Forged chat" width="370" height="560"
src="${appOrigin}/widget/frame?inbox=${INBOX}&parent=${encodeURIComponent("http://elsewhere.example")}"></iframe>
<script>const frame = document.querySelector("iframe"); const token = new URLSearchParams(location.search).get("token");
setInterval(() => frame.contentWindow.postMessage({ type: "switchboard:init", visitorToken: token, hostStorage: true }, "*"), 100);</script></body></html>`);
      return;
    }
    res.end(`<!doctype html><html><head><title>Host site</title></head><body><h1>Another company's site</h1>
<script src="${appOrigin}/widget.js" data-inbox="${INBOX}" async></script></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function openWidget(page: Page) {
  await page.locator("[data-switchboard-launcher]").click();
  return page.frameLocator('iframe[title="Chat with us"]');
}

test("an anonymous visitor on another site keeps their visitor and history across reloads and in the host's storage", async ({
  browser,
  baseURL,
}) => {
  const host = await startHostSite(new URL(baseURL!).origin);
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(host.origin);
    const widget = await openWidget(page);
    const text = `Cross-site hello ${Date.now()}`;
    await sendFromWidget(widget, text);

    // The visitor token lives in the host page's own storage, under the inbox's key.
    const stored = await page.evaluate((key) => localStorage.getItem(key), `switchboard:visitor:${INBOX}`);
    expect(stored).toMatch(/^[A-Za-z0-9_.-]{10,}$/);

    await page.reload();
    const reloaded = await openWidget(page);
    await expect(reloaded.getByTestId("message").filter({ hasText: text })).toBeVisible();
    expect(await page.evaluate((key) => localStorage.getItem(key), `switchboard:visitor:${INBOX}`)).toBe(stored);

    // Only the host's storage carries over to a fresh browser profile: the same visitor, the same history.
    const fresh = await browser.newContext({
      storageState: {
        cookies: [],
        origins: [{ origin: host.origin, localStorage: [{ name: `switchboard:visitor:${INBOX}`, value: stored! }] }],
      },
    });
    const elsewhere = await fresh.newPage();
    await elsewhere.goto(host.origin);
    const same = await openWidget(elsewhere);
    await expect(same.getByTestId("message").filter({ hasText: text })).toBeVisible();
    await fresh.close();

    // The loader takes tokens only from the chat frame, on the widget's origin.
    await page.evaluate(() =>
      window.postMessage({ type: "switchboard:token", visitorToken: "forged.token.value" }, "*"),
    );
    await page.waitForTimeout(200);
    expect(await page.evaluate((key) => localStorage.getItem(key), `switchboard:visitor:${INBOX}`)).toBe(stored);

    // The frame takes a token only from the parent origin it was loaded for: a page lying about it gets a new visitor.
    const forged = await context.newPage();
    await forged.goto(`${host.origin}/forged?token=${encodeURIComponent(stored!)}`);
    const forgedFrame = forged.frameLocator('iframe[title="Forged chat"]');
    await expect(forgedFrame.getByTestId("composer-input")).toBeVisible();
    await forged.waitForTimeout(500);
    await expect(forgedFrame.getByTestId("message")).toHaveCount(0);
    await context.close();
  } finally {
    await host.close();
  }
});

test("a verified user writes from the widget on any device and the agent sees the verified badge", async ({
  browser,
}) => {
  const laptop = await browser.newPage();
  await laptop.goto("/demo?user=dana");
  await expect(laptop.getByTestId("demo-account")).toContainText("Signed in as Dana Demo");
  const widget = await openWidget(laptop);
  // Dana's earlier conversation (from the seed) is there, because the host page proved who she is.
  await expect(widget.getByTestId("message").filter({ hasText: "Where can I see my invoices?" })).toBeVisible();
  const text = `Verified hello ${Date.now()}`;
  await sendFromWidget(widget, text);

  // Another browser: the same user sees the same history.
  const phoneContext = await browser.newContext();
  const phone = await phoneContext.newPage();
  await phone.goto("/demo?user=dana");
  const phoneWidget = await openWidget(phone);
  await expect(phoneWidget.getByTestId("message").filter({ hasText: text })).toBeVisible();

  // Signing out on the host page starts a fresh anonymous visitor.
  await phone.goto("/demo?reset=1");
  const anonymous = await openWidget(phone);
  await expect(anonymous.getByTestId("composer-input")).toBeVisible();
  await expect(anonymous.getByTestId("message")).toHaveCount(0);
  await phoneContext.close();

  const agentContext = await browser.newContext();
  const agent = await agentContext.newPage();
  await signInAsAgent(agent);
  await agent.getByTestId("conversation-item").filter({ hasText: text }).click();
  await agent.getByTestId("contact-panel").getByRole("link", { name: "Open contact page" }).click();
  const page = agent.getByTestId("contact-page");
  await expect(page.getByRole("heading", { name: "Dana Demo" })).toBeVisible();
  const identities = page.getByTestId("contact-identities");
  await expect(identities).toContainText("dana-demo");
  await expect(identities.getByTestId("verified-badge")).toBeVisible();
  await expect(page.getByTestId("timeline-conversation").filter({ hasText: text })).toBeVisible();
  // One timeline across channels: her app conversation (the API channel) is there too.
  await expect(page.getByTestId("timeline-conversation").filter({ hasText: "Mobile app" }).first()).toBeVisible();
  await agentContext.close();
});

test("an agent merges a suggested duplicate and undoes the merge", async ({ page }) => {
  await signInAsAgent(page);
  await page.getByTestId("conversation-item").filter({ hasText: "Maria Gonzalez" }).first().click();
  const panel = page.getByTestId("contact-panel");
  await expect(panel.getByTestId("duplicate-hint")).toContainText("1 possible duplicate");
  await panel.getByTestId("duplicate-hint").click();

  const contact = page.getByTestId("contact-page");
  await expect(contact.getByRole("heading", { name: "Maria Gonzalez" })).toBeVisible();
  const timeline = contact.getByTestId("timeline-conversation");
  await expect(timeline).toHaveCount(1);
  const card = contact.getByTestId("duplicate-card");
  await expect(card).toContainText("Maria G.");
  await card.getByRole("button", { name: "Merge" }).click();
  await card.getByRole("button", { name: "Confirm merge" }).click();

  await expect(contact.getByTestId("duplicate-card")).toHaveCount(0);
  await expect(timeline).toHaveCount(2);
  await expect(timeline.filter({ hasText: "Is there a discount for non-profits?" })).toBeVisible();
  const merge = contact.getByTestId("merge-row");
  await expect(merge).toContainText("Maria G. merged into Maria Gonzalez");
  await expect(merge).toContainText("By Alex Agent");

  await merge.getByRole("button", { name: "Undo" }).click();
  await expect(merge).toContainText("Undone");
  await expect(timeline).toHaveCount(1);
  await expect(contact.getByTestId("duplicate-card")).toContainText("Maria G.");
});

test("the demo page's snippet names the address the app was reached at", async ({ request, baseURL }) => {
  const port = new URL(baseURL!).port;
  for (const origin of [`http://localhost:${port}`, `http://127.0.0.1:${port}`]) {
    const html = await (await request.get(`${origin}/demo`)).text();
    expect(html).toContain(`<script src="${origin}/widget.js"`);
  }
});
