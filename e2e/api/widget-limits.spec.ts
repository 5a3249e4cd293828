import { request as httpRequest } from "node:http";
import { expect, test, type Page } from "@playwright/test";
import { createVisitorKeyRing, issueVisitorToken } from "../../server/auth/visitor-token";
import { openDemoWidget, sendFromWidget, signInAsAgent } from "../support/actors";
import { serverSecrets } from "../support/server-secrets";

const INBOX = "demo_web_widget";
const DAY = 86_400;
/** The port of the server this project runs against (PGlite, or PostgreSQL in its own project). */
const port = () => Number(new URL(test.info().project.use.baseURL!).port);
const storageKey = `switchboard:visitor:${INBOX}`;

/** A tRPC envelope (`result`/`error.json`) or a plain route's error (`error.message`). */
type Body = {
  result?: { data: { json: Record<string, unknown> } };
  error?: { message?: string; json?: { message: string } };
};
type Answer = { status: number; headers: Record<string, string | string[] | undefined>; body: Body };

/**
 * Raw HTTP from another loopback address: the e2e server is shared and every browser request
 * comes from 127.0.0.1, so floods from here never throttle the other journeys.
 */
function post(from: string, path: string, body: string, contentType = "application/json"): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: "127.0.0.1",
        port: port(),
        path,
        method: "POST",
        localAddress: from,
        headers: { "content-type": contentType, "content-length": Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(text) as Body });
        });
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

const trpc = (from: string, procedure: string, input: unknown) =>
  post(from, `/api/trpc/${procedure}`, JSON.stringify({ json: input }));

const newSession = async (from: string, visitorToken?: string) => {
  const answer = await trpc(from, "widget.session", { inboxToken: INBOX, visitorToken });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body.result?.data.json as { visitorToken: string; conversationId: string | null };
};

const send = (from: string, visitorToken: string, body: string) =>
  trpc(from, "widget.send", {
    inboxToken: INBOX,
    visitorToken,
    body,
    clientMessageId: `e2e-${Date.now()}-${Math.random().toString(36).slice(2)}`,
  });

const visitorIdOf = (token: string) => token.split(".")[2] ?? "";

/** The e2e server's secret (its data directory) and the demo inbox id (as an agent sees it) sign test tokens. */
async function tokenForger(page: Page) {
  const { authSecret } = serverSecrets(test.info().project.use.baseURL!);
  await signInAsAgent(page);
  const input = encodeURIComponent(JSON.stringify({ json: { status: "all", limit: 100 } }));
  const list = await page.request.get(`/api/trpc/conversations.list?input=${input}`);
  const items = (await list.json()).result.data.json.items as { inbox: { id: string; channelType: string } }[];
  const inboxId = items.find((item) => item.inbox.channelType === "web_widget")?.inbox.id;
  expect(inboxId).toBeTruthy();
  const ring = createVisitorKeyRing({ secret: authSecret, ttlDays: 30 });
  return (visitorId: string, ageSeconds: number) =>
    issueVisitorToken(ring, inboxId as string, { visitorId, issuedAt: Math.floor(Date.now() / 1000) - ageSeconds })
      .token;
}

test.describe("abuse limits and visitor token lifetime over real HTTP", () => {
  test("a flood of new conversations from one address gets 429 with Retry-After; an existing one keeps working", async () => {
    const from = "127.0.0.23";
    const regular = await newSession(from);
    const first = await send(from, regular.visitorToken, "My parcel is late");
    expect(first.status).toBe(200);
    const conversationId = first.body.result?.data.json.conversationId;

    let refused: Answer | undefined;
    for (let n = 0; n < 40 && !refused; n++) {
      const flooder = await newSession(from);
      const answer = await send(from, flooder.visitorToken, `Spam ${n}`);
      if (answer.status !== 200) refused = answer;
    }
    expect(refused?.status).toBe(429);
    expect(Number(refused?.headers["retry-after"])).toBeGreaterThan(0);
    expect(refused?.body.error?.json?.message).toBe(
      "Too many new conversations from your network. Please try again later.",
    );

    const followUp = await send(from, regular.visitorToken, "Any news on my parcel?");
    expect(followUp.status).toBe(200);
    expect(followUp.body.result?.data.json.conversationId).toBe(conversationId);
  });

  test("repeated channel auth refusals from one address get 429 with Retry-After before any lookup", async () => {
    const from = "127.0.0.24";
    const form = new URLSearchParams({ socket_id: "1.2", channel_name: "private-workspace-ws_probe" }).toString();
    let refused: Answer | undefined;
    for (let n = 0; n < 60 && !refused; n++) {
      const answer = await post(from, "/api/realtime/auth", form, "application/x-www-form-urlencoded");
      if (answer.status !== 401) refused = answer;
    }
    expect(refused?.status).toBe(429);
    expect(Number(refused?.headers["retry-after"])).toBeGreaterThan(0);
    expect(refused?.body.error?.message).toMatch(/Too many refused subscriptions/);
  });

  test("an expired visitor token is refused with 401 on widget calls and channel auth", async ({ page }) => {
    const forge = await tokenForger(page);
    const from = "127.0.0.25";
    const visitor = await newSession(from);
    expect((await send(from, visitor.visitorToken, "Hello")).status).toBe(200);
    const expired = forge(visitorIdOf(visitor.visitorToken), 31 * DAY);

    const answer = await send(from, expired, "Hello again");
    expect(answer.status).toBe(401);
    expect(answer.body.error?.json?.message).toBe("Your chat session has expired; reload the page");

    const auth = await post(
      from,
      "/api/realtime/auth",
      new URLSearchParams({
        socket_id: "1.2",
        channel_name: "private-widget-cv_x",
        inbox_token: INBOX,
        visitor_token: expired,
      }).toString(),
      "application/x-www-form-urlencoded",
    );
    expect(auth.status).toBe(401);
    expect(auth.body.error?.message).toBe("Your chat session has expired; reload the page");

    // Opening the widget with it starts over as a new visitor.
    const fresh = await newSession(from, expired);
    expect(visitorIdOf(fresh.visitorToken)).not.toBe(visitorIdOf(visitor.visitorToken));
    expect(fresh.conversationId).toBeNull();
  });

  test("an open widget renews its token for the same visitor, who keeps their history", async ({ browser }) => {
    test.setTimeout(120_000);
    const agentContext = await browser.newContext();
    const forge = await tokenForger(await agentContext.newPage());
    const from = "127.0.0.26";
    const visitor = await newSession(from);
    expect((await send(from, visitor.visitorToken, "Said before the renewal")).status).toBe(200);
    const visitorId = visitorIdOf(visitor.visitorToken);
    const storedToken = (page: Page) => page.evaluate((key) => localStorage.getItem(key), storageKey);

    // Opening with an old but valid token: replaced at once, same visitor, history shown.
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto("/demo");
    const old = forge(visitorId, 2 * DAY);
    await page.evaluate(([key, token]) => localStorage.setItem(key, token), [storageKey, old] as const);
    const widget = await openDemoWidget(page);
    await expect(widget.getByTestId("message").filter({ hasText: "Said before the renewal" })).toBeVisible();
    await expect.poll(() => storedToken(page)).not.toBe(old);
    expect(visitorIdOf((await storedToken(page)) ?? "")).toBe(visitorId);
    await sendFromWidget(widget, "Still me after the renewal");

    // Left open, it renews in the background once the token comes due (the page's clock runs an hour ahead).
    const dueIn = 20;
    const almostDue = forge(visitorId, DAY - dueIn);
    const second = await browser.newContext();
    const open = await second.newPage();
    await open.clock.install();
    await open.goto("/demo");
    await open.evaluate(([key, token]) => localStorage.setItem(key, token), [storageKey, almostDue] as const);
    const kept = await openDemoWidget(open);
    await expect(kept.getByTestId("message").filter({ hasText: "Still me after the renewal" })).toBeVisible();
    expect(await storedToken(open)).toBe(almostDue);
    await open.waitForTimeout((dueIn + 2) * 1000);
    await open.clock.fastForward("01:00:00");
    await expect.poll(() => storedToken(open)).not.toBe(almostDue);
    expect(visitorIdOf((await storedToken(open)) ?? "")).toBe(visitorId);
    await sendFromWidget(kept, "Written with the renewed token");
    await Promise.all([agentContext.close(), context.close(), second.close()]);
  });

  test("the widget shows the server's message on a refused send with a Retry and keeps the text", async ({ page }) => {
    const widget = await openDemoWidget(page);
    await sendFromWidget(widget, "First message");
    const token = (await page.evaluate((key) => localStorage.getItem(key), storageKey)) ?? "";
    // Use up this visitor's message allowance (counted per visitor, whatever the address).
    for (let n = 0; n < 40; n++) {
      const answer = await send("127.0.0.27", token, `Quick ${n}`);
      if (answer.status === 429) break;
      expect(answer.status).toBe(200);
    }
    await widget.getByTestId("composer-input").fill("This one is refused");
    await widget.getByTestId("composer-input").press("Enter");
    const refused = widget.getByTestId("message").filter({ hasText: "This one is refused" });
    await expect(refused).toHaveAttribute("data-state", "failed");
    await expect(refused.getByTestId("message-failure")).toHaveText(
      "You are sending messages too quickly. Wait a moment and try again.",
    );
    await expect(refused.getByRole("button", { name: "Not sent · Retry" })).toBeVisible();
    // Typing goes on undisturbed.
    await widget.getByTestId("composer-input").fill("A draft in progress");
    await expect(refused).toHaveAttribute("data-state", "failed");
    await expect(widget.getByTestId("composer-input")).toHaveValue("A draft in progress");
  });
});
