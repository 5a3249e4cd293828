/**
 * How often an agent's open inbox asks the server for its conversation list while the workspace
 * is busy: a real Chromium page signed in as the demo agent (the inbox as agents use it, live over
 * the built-in realtime server), while widget visitors send a steady stream of messages.
 *
 *   npm run bench:inbox [-- --rate 10 --seconds 60 --visitors 20]
 *
 * Prints list requests per minute and, at the end, how many of the visitors' conversations the
 * list shows with a stale last message (it must be zero: fewer requests may not mean a wrong list).
 * Runs on embedded PGlite (the list's behaviour does not depend on the database).
 */
import { chromium } from "@playwright/test";
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { DEMO_LOGINS, DEMO_WIDGET_TOKEN } from "@/db/seed";
import { startApp } from "./app-process";
import { trpcMutation } from "./http-client";
import { GENEROUS_LIMITS } from "./load-engine";

const { values: args } = parseArgs({
  options: {
    rate: { type: "string", default: "10" },
    seconds: { type: "string", default: "60" },
    visitors: { type: "string", default: "20" },
  },
});
const RATE = Number(args.rate);
const SECONDS = Number(args.seconds);
const VISITORS = Number(args.visitors);
const port = Number(process.env.BENCH_PORT ?? 3330);

type Visitor = { visitorToken: string; conversationId: string; last: string };

async function main() {
  const app = await startApp(port, GENEROUS_LIMITS);
  const executablePath = existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined;
  const browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu"] });
  try {
    const send = (visitor: Omit<Visitor, "conversationId" | "last"> & Partial<Visitor>, body: string) =>
      trpcMutation<{ conversationId: string }>(app.origin, "widget.send", {
        inboxToken: DEMO_WIDGET_TOKEN,
        visitorToken: visitor.visitorToken,
        body,
        clientMessageId: `bench-${Date.now()}-${Math.random().toString(36).slice(2)}`,
      });
    // Each visitor opens a conversation before the agent looks, so all of them are in the list.
    const visitors: Visitor[] = [];
    for (let i = 0; i < VISITORS; i++) {
      const { visitorToken } = await trpcMutation<{ visitorToken: string }>(app.origin, "widget.session", {
        inboxToken: DEMO_WIDGET_TOKEN,
      });
      const body = `Visitor ${i} says hello`;
      const { conversationId } = await send({ visitorToken }, body);
      visitors.push({ visitorToken, conversationId, last: body });
    }

    const page = await browser.newPage({ baseURL: app.origin });
    await page.goto("/login");
    await page.getByLabel("Email").fill(DEMO_LOGINS.agent.email);
    await page.getByLabel("Password").fill(DEMO_LOGINS.agent.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/inbox/);
    await page.getByTestId("realtime-state").and(page.locator('[data-state="connected"]')).waitFor();
    await page.waitForTimeout(2000);

    let listRequests = 0;
    page.on("request", (request) => {
      if (request.url().includes("conversations.list")) listRequests++;
    });
    const started = Date.now();
    let sent = 0;
    const total = RATE * SECONDS;
    while (sent < total) {
      const due = started + (sent * 1000) / RATE;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const visitor = visitors[sent % visitors.length]!;
      const body = `Message ${sent} from visitor ${sent % visitors.length}`;
      visitor.last = body;
      void send(visitor, body).catch((error: unknown) => console.error("send failed", error));
      sent++;
    }
    const elapsedMinutes = (Date.now() - started) / 60_000;
    const requestsPerMinute = listRequests / elapsedMinutes;

    // Let the last events land, then check what the agent sees.
    await page.waitForTimeout(3000);
    const previews = await page
      .getByTestId("conversation-item")
      .evaluateAll((items) => items.map((item) => item.textContent ?? ""));
    const stale = visitors.filter((visitor) => !previews.some((text) => text.includes(visitor.last))).length;

    console.log(
      `\n| rate msg/s | seconds | visitors | list requests | list requests/min | conversations shown stale |`,
    );
    console.log(`|---|---|---|---|---|---|`);
    console.log(
      `| ${RATE} | ${SECONDS} | ${VISITORS} | ${listRequests} | ${requestsPerMinute.toFixed(0)} | ${stale} of ${VISITORS} |`,
    );
    if (stale > 0) process.exitCode = 1;
  } finally {
    await browser.close();
    await app.stop();
  }
}

await main();
