import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signIn, trpcMutation } from "@/bench/http-client";
import { DEMO_USER } from "@/db/seed-api-channel";
import { rotateDemoApiIdentitySecret } from "@/tests/support/demo-api-secret";
import { DEMO_LOGINS } from "@/db/seed";

/**
 * Runs "the mobile app" sample against the real app server (its own port, a fresh embedded
 * database seeded with the demo): the app's message must land on Dana's one contact, the same
 * one her website conversation belongs to, and an agent's reply must reach the app live.
 */
const START_TIMEOUT_MS = 150_000;

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

let app: ChildProcess;
let origin = "";
let dataDir = "";
let appOutput = "";

beforeAll(async () => {
  const port = await freePort();
  dataDir = mkdtempSync(path.join(tmpdir(), "switchboard-sdk-"));
  origin = `http://localhost:${port}`;
  app = spawn("npx", ["tsx", "server.ts"], {
    env: {
      ...process.env,
      NODE_ENV: "development",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      DATABASE_URL: "",
      SEED_DEMO: "true",
      LOG_LEVEL: "warn",
      SWITCHBOARD_NEXT_DIST_DIR: ".next-sdk-test",
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  app.stdout?.on("data", (chunk) => (appOutput += chunk));
  app.stderr?.on("data", (chunk) => (appOutput += chunk));
  const started = Date.now();
  for (;;) {
    const status = await fetch(`${origin}/api/v1/openapi.json`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) break;
    if (Date.now() - started > START_TIMEOUT_MS || app.exitCode !== null) {
      throw new Error(`the app did not start:\n${appOutput}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}, START_TIMEOUT_MS + 10_000);

const samples: { stop: () => void }[] = [];

afterAll(async () => {
  for (const sample of samples) sample.stop();
  if (app?.pid && app.exitCode === null) {
    const exited = new Promise((resolve) => app.once("exit", resolve));
    process.kill(-app.pid, "SIGTERM");
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  }
  rmSync(dataDir, { recursive: true, force: true });
});

type Line = { event: string; [key: string]: any };

function runSample(env: Record<string, string>) {
  const child = spawn("npx", ["tsx", "sdk/examples/mobile-app.ts"], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group, so stopping it stops tsx's child too.
    detached: true,
  });
  const lines: Line[] = [];
  const waiters: { match: (line: Line) => boolean; resolve: (line: Line) => void }[] = [];
  let errors = "";
  child.stderr.on("data", (chunk) => (errors += chunk));
  createInterface({ input: child.stdout }).on("line", (text) => {
    if (!text.startsWith("{")) return;
    const line = JSON.parse(text) as Line;
    lines.push(line);
    for (const waiter of waiters.splice(0)) {
      if (waiter.match(line)) waiter.resolve(line);
      else waiters.push(waiter);
    }
  });
  const next = (match: (line: Line) => boolean, ms = 60_000) =>
    new Promise<Line>((resolve, reject) => {
      const found = lines.find(match);
      if (found) return resolve(found);
      const timer = setTimeout(() => reject(new Error(`sample printed ${JSON.stringify(lines)}\n${errors}`)), ms);
      waiters.push({
        match,
        resolve: (line) => {
          clearTimeout(timer);
          resolve(line);
        },
      });
    });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const stop = () => {
    if (child.pid && child.exitCode === null) process.kill(-child.pid, "SIGTERM");
  };
  return { next, exited, stop };
}

describe("the mobile app sample", () => {
  it(
    "sends as the verified demo user onto her one contact and prints an agent's reply as it arrives",
    async () => {
      const sample = runSample({
        SWITCHBOARD_URL: origin,
        SWITCHBOARD_IDENTITY_SECRET: await rotateDemoApiIdentitySecret(origin),
        SWITCHBOARD_USER_ID: DEMO_USER.userId,
        MESSAGE: "Sent by the sample app",
        WAIT_SECONDS: "90",
      });
      samples.push(sample);
      const signedIn = await sample.next((line) => line.event === "signed-in");
      expect(signedIn.user).toEqual({ id: DEMO_USER.userId, verified: true });
      const sent = await sample.next((line) => line.event === "sent");
      expect(sent.message).toMatchObject({ body: "Sent by the sample app", direction: "inbound" });
      await sample.next((line) => line.event === "listening");

      const cookie = await signIn(origin, DEMO_LOGINS.agent.email, DEMO_LOGINS.agent.password);
      await trpcMutation(
        origin,
        "messages.send",
        {
          conversationId: sent.conversationId,
          body: "Hi Dana, I've updated the address.",
          clientMessageId: `reply-${Date.now()}`,
          private: false,
        },
        cookie,
      );
      const reply = await sample.next(
        (line) => line.event === "message" && line.message.body === "Hi Dana, I've updated the address.",
      );
      expect(reply.message).toMatchObject({ direction: "outbound", senderType: "agent", seq: sent.message.seq + 1 });
      sample.stop();
      await sample.exited;

      // What an agent sees: one contact, verified as dana-demo, with her website and app conversations.
      const input = encodeURIComponent(JSON.stringify({ json: { contactId: sent.message.senderContactId } }));
      const response = await fetch(`${origin}/api/trpc/contacts.get?input=${input}`, { headers: { cookie } });
      const contact = ((await response.json()) as { result: { data: { json: any } } }).result.data.json;
      expect(contact.identities).toContainEqual({ kind: "external_id", value: DEMO_USER.userId, verified: true });
      const inboxNames = contact.conversations.map((conversation: { inboxName: string }) => conversation.inboxName);
      expect(inboxNames).toContain("Website chat");
      expect(inboxNames).toContain("Mobile app");
      expect(contact.conversations.map((c: { id: string }) => c.id)).toContain(sent.conversationId);
    },
    START_TIMEOUT_MS,
  );
});
