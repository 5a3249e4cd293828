/**
 * Measures the send path of a running Switchboard (production build, embedded database,
 * built-in realtime): agent send mutation round trip, and widget send → agent receives
 * over the real Pusher protocol. Runs on embedded PGlite, and also on PostgreSQL when
 * BENCH_DATABASE_URL (or TEST_DATABASE_URL) names a server it may create a database on.
 * Usage: npm run bench [-- --messages 200]
 */
import { gzipSync } from "node:zlib";
import { readFileSync } from "node:fs";
import Pusher from "pusher-js";
import { DEMO_LOGINS, DEMO_WIDGET_TOKEN } from "@/db/seed";
import { startApp } from "./app-process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { signIn, trpcMutation, trpcQuery } from "./http-client";
import { GENEROUS_LIMITS } from "./load-engine";
import { withScratchPostgres } from "./scratch-postgres";

const count = Number(process.argv[process.argv.indexOf("--messages") + 1]) || 200;
const port = Number(process.env.BENCH_PORT ?? 3310);

type Sent = { message: { id: string; clientMessageId: string }; conversationId?: string };

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? NaN;
}

function summarize(driver: string, name: string, samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    database: driver,
    measurement: name,
    n: samples.length,
    "p50 ms": percentile(sorted, 50).toFixed(1),
    "p95 ms": percentile(sorted, 95).toFixed(1),
    "p99 ms": percentile(sorted, 99).toFixed(1),
    "max ms": (sorted.at(-1) ?? NaN).toFixed(1),
  };
}

/** The demo API inbox's callback: answers 200 and counts what it received. */
async function callbackReceiver() {
  let received = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      received++;
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port: receiverPort } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${receiverPort}/hooks`,
    received: () => received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

type ConversationRow = { id: string; inbox: { channelType: string } };

async function measure(driver: string, extraEnv: Record<string, string>) {
  const receiver = await callbackReceiver();
  const app = await startApp(port, {
    ...GENEROUS_LIMITS,
    ...extraEnv,
    DEMO_CALLBACK_URL: receiver.url,
    CALLBACK_URLS_ALLOW_LOOPBACK: "true",
  });
  try {
    const { origin } = app;
    const cookie = await signIn(origin, DEMO_LOGINS.agent.email, DEMO_LOGINS.agent.password);
    const session = await trpcMutation<{ visitorToken: string }>(origin, "widget.session", {
      inboxToken: DEMO_WIDGET_TOKEN,
    });
    const credentials = { inboxToken: DEMO_WIDGET_TOKEN, visitorToken: session.visitorToken };
    const first = await trpcMutation<Sent>(origin, "widget.send", {
      ...credentials,
      body: "bench warm-up",
      clientMessageId: `bench-warmup-${Date.now()}`,
    });
    const conversationId = first.conversationId as string;

    const config = await (await fetch(`${origin}/api/realtime/config`)).json().catch(() => null);
    const key = (config as { key?: string } | null)?.key;
    if (!key) throw new Error("could not read the realtime key from /api/realtime/config");
    const agent = new Pusher(key, {
      cluster: "mt1",
      wsHost: "127.0.0.1",
      wsPort: port,
      forceTLS: false,
      enabledTransports: ["ws"],
      channelAuthorization: {
        endpoint: `${origin}/api/realtime/auth`,
        transport: "ajax",
        customHandler: ({ socketId, channelName }, callback) => {
          fetch(`${origin}/api/realtime/auth`, {
            method: "POST",
            headers: { "content-type": "application/x-www-form-urlencoded", cookie, origin },
            body: new URLSearchParams({ socket_id: socketId, channel_name: channelName }),
          })
            .then(async (response) => callback(null, await response.json()))
            .catch((error: Error) => callback(error, null));
        },
      },
    });
    const channel = agent.subscribe(`private-conversation-${conversationId}`);
    await new Promise<void>((resolve, reject) => {
      channel.bind("pusher:subscription_succeeded", () => resolve());
      channel.bind("pusher:subscription_error", (error: unknown) => reject(new Error(JSON.stringify(error))));
    });

    const waiting = new Map<string, (at: number) => void>();
    channel.bind("message.created", (data: { message?: { clientMessageId?: string } }) => {
      const id = data.message?.clientMessageId;
      if (id) waiting.get(id)?.(performance.now());
    });

    const endToEnd: number[] = [];
    const widgetSend: number[] = [];
    for (let i = 0; i < count; i++) {
      const clientMessageId = `bench-w-${Date.now()}-${i}`;
      const received = new Promise<number>((resolve) => waiting.set(clientMessageId, resolve));
      const start = performance.now();
      await trpcMutation(origin, "widget.send", { ...credentials, body: `Widget message ${i}`, clientMessageId });
      widgetSend.push(performance.now() - start);
      endToEnd.push((await received) - start);
      waiting.delete(clientMessageId);
    }

    const agentSend: number[] = [];
    for (let i = 0; i < count; i++) {
      const start = performance.now();
      await trpcMutation(
        origin,
        "messages.send",
        { conversationId, body: `Agent reply ${i}`, clientMessageId: `bench-a-${Date.now()}-${i}` },
        cookie,
      );
      agentSend.push(performance.now() - start);
    }
    // Replies in the demo API inbox store a delivery and enqueue its job in the same transaction.
    const list = await trpcQuery<{ items: ConversationRow[] }>(origin, "conversations.list", { status: "all" }, cookie);
    const apiConversation = list.items.find((item) => item.inbox.channelType === "api");
    const apiSend: number[] = [];
    if (apiConversation) {
      for (let i = 0; i < count; i++) {
        const start = performance.now();
        await trpcMutation(
          origin,
          "messages.send",
          {
            conversationId: apiConversation.id,
            body: `API reply ${i}`,
            clientMessageId: `bench-api-${Date.now()}-${i}`,
          },
          cookie,
        );
        apiSend.push(performance.now() - start);
      }
      const deadline = Date.now() + 60_000;
      while (receiver.received() < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      console.log(`${driver}: the callback received ${receiver.received()} of ${count} API replies`);
    }
    agent.disconnect();
    return [
      summarize(driver, "agent send mutation (messages.send)", agentSend),
      ...(apiConversation
        ? [summarize(driver, "agent send on an API inbox with callback (messages.send + delivery job)", apiSend)]
        : []),
      summarize(driver, "widget send mutation (widget.send)", widgetSend),
      summarize(driver, "widget send → agent receives (pusher-js)", endToEnd),
    ];
  } finally {
    await app.stop();
    await receiver.close();
  }
}

const rows = await measure("pglite", {});
const postgresAdminUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (postgresAdminUrl)
  rows.push(...(await withScratchPostgres(postgresAdminUrl, (url) => measure("postgres", { DATABASE_URL: url }))));

console.log(`\nSwitchboard send path, ${count} sequential messages each, production build, built-in realtime\n`);
console.table(rows);

const widgetScript = readFileSync("public/widget.js");
console.table([
  {
    asset: "public/widget.js",
    bytes: widgetScript.length,
    "gzipped bytes": gzipSync(widgetScript, { level: 9 }).length,
  },
]);
