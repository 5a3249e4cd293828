import { createServer, type Server, type ServerResponse } from "node:http";
import { expect, test } from "@playwright/test";
import { DEMO_ADMIN, signInAsAgent } from "../support/actors";

/**
 * The demo API inbox delivers agent replies to E2E_CALLBACK_PORT (playwright.config.ts); this
 * receiver stands in for the customer's backend: it can hold a request or refuse it.
 */
const callbackPort = Number(process.env.E2E_PORT ?? 3210) + 2;
let receiver: Server;
let answer: { status: number; hold: boolean } = { status: 200, hold: false };
const held: ServerResponse[] = [];
const ids: string[] = [];

test.beforeAll(async () => {
  receiver = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      ids.push(String(req.headers["webhook-id"]));
      if (answer.hold) held.push(res);
      else res.writeHead(answer.status).end(answer.status >= 400 ? "unknown conversation" : "ok");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(callbackPort, "127.0.0.1", resolve));
});
test.afterAll(async () => {
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
});

test.describe.configure({ mode: "serial" });

test("an agent sees a reply in an API inbox go from queued to sent, and a refused one with its reason", async ({
  page,
}) => {
  await signInAsAgent(page);
  await page.getByTestId("conversation-item").filter({ hasText: "Lena Fischer" }).click();

  answer = { status: 200, hold: true };
  const text = `Tracking link on its way ${Date.now()}`;
  await page.getByTestId("composer-input").fill(text);
  await page.getByTestId("composer-input").press("Enter");
  const reply = page.getByTestId("message").filter({ hasText: text });
  await expect(reply.getByTestId("delivery-status")).toHaveAttribute("data-status", "queued");
  await expect(reply.getByLabel("Queued")).toBeVisible();
  await expect.poll(() => held.length).toBe(1);
  held.shift()?.writeHead(200).end("ok");
  await expect(reply.getByTestId("delivery-status")).toHaveAttribute("data-status", "sent");

  answer = { status: 422, hold: false };
  const refused = `This one bounces ${Date.now()}`;
  await page.getByTestId("composer-input").fill(refused);
  await page.getByTestId("composer-input").press("Enter");
  const failed = page.getByTestId("message").filter({ hasText: refused });
  await expect(failed.getByTestId("delivery-status")).toHaveAttribute("data-status", "failed");
  await expect(failed.getByTestId("delivery-error")).toHaveText("Not delivered: HTTP 422: unknown conversation");
});

test("an admin replays a refused reply from Settings → Deliveries and the thread shows it sent", async ({ page }) => {
  await signInAsAgent(page, DEMO_ADMIN);
  await page.getByRole("link", { name: "Delivery settings" }).click();
  await expect(page).toHaveURL(/\/settings\/deliveries/);
  const row = page.getByTestId("delivery-row").filter({ hasText: "This one bounces" });
  await expect(row).toContainText("HTTP 422: unknown conversation");
  await expect(row).toContainText("1 attempt");
  // The seeded reply that ran out of retries is listed too.
  await expect(page.getByTestId("delivery-row").filter({ hasText: "Out of retries" })).toHaveCount(1);

  answer = { status: 200, hold: false };
  const deliveryId = await row.getAttribute("data-delivery-id");
  const thread = await row.getByRole("link", { name: "Open conversation" }).getAttribute("href");
  await row.getByRole("button", { name: "Replay" }).click();
  await expect(row).toHaveCount(0);
  await expect.poll(() => ids.filter((id) => id === deliveryId).length).toBe(2);

  await page.goto(thread!);
  const replayed = page.getByTestId("message").filter({ hasText: "This one bounces" });
  await expect(replayed.getByTestId("delivery-status")).toHaveAttribute("data-status", "sent");
});
