import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import pino from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { openDatabase, type DatabaseHandle } from "@/db";
import { deliveries, messages } from "@/db/schema";
import { outboundChannels } from "@/server/channels/outbound";
import { newToken } from "@/server/ids";
import { startJobQueue } from "@/server/jobs/queue";
import { sendAgentReply } from "@/server/services/message/send-agent-reply";
import { apiConversation, callbackReceiver } from "../support/callbacks";
import { clientId, createWorkspace, recordingDispatcher } from "../support/factories";

const postgresUrl = inject("postgresUrl");
const pgliteDir = postgresUrl ? null : mkdtempSync(path.join(tmpdir(), "switchboard-crash-"));
const target = postgresUrl ?? path.join(pgliteDir!, "pglite");
const schema = `jobs_${newToken(6)
  .toLowerCase()
  .replace(/[^a-z0-9]/g, "")}`;
const RETRIES = { retryLimit: 3, retryDelaySeconds: 1, expireInSeconds: 3 };
const workers: ChildProcess[] = [];

afterAll(() => {
  for (const worker of workers) if (worker.exitCode === null) worker.kill("SIGKILL");
  if (pgliteDir) rmSync(pgliteDir, { recursive: true, force: true });
});

const open = (): Promise<DatabaseHandle> =>
  postgresUrl
    ? openDatabase({ driver: "postgres", url: postgresUrl, maxConnections: 3 })
    : openDatabase({ driver: "pglite", dataDir: target });

async function startWorker(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "tests/support/delivery-worker.ts", target, schema], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  workers.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => chunk.toString().includes("ready") && resolve());
    child.once("exit", (code) => reject(new Error(`worker exited with ${code}`)));
  });
  return child;
}

const exited = (child: ChildProcess) =>
  child.exitCode !== null ? Promise.resolve() : new Promise<void>((resolve) => child.once("exit", () => resolve()));

describe("a delivery in flight when its worker is killed", () => {
  it("is delivered after a restart, once, under the same webhook-id", async () => {
    const receiver = await callbackReceiver([200], { holdFirst: true });
    try {
      // The reply is stored and its job enqueued here; only the worker processes run jobs.
      let handle = await open();
      const ws = await createWorkspace(handle.db);
      const { conversationId } = await apiConversation(handle.db, ws, receiver.url);
      const installed = await startJobQueue(
        { db: handle.db, dispatcher: recordingDispatcher() },
        {
          schema,
          retries: RETRIES,
          workers: false,
          log: pino({ level: "silent" }),
          outbound: outboundChannels({ allowLoopback: true, callbackTimeoutSeconds: 5 }),
        },
      );
      const { message } = await sendAgentReply({ db: handle.db, dispatcher: recordingDispatcher() }, ws.agent, {
        conversationId,
        body: "Your refund is on its way",
        private: false,
        clientMessageId: clientId(),
      });
      await installed.stop();
      // Embedded PGlite is one process's at a time: the workers open it after us.
      if (!postgresUrl) await handle.close();

      const firstRequest = receiver.nextRequest();
      const first = await startWorker();
      await firstRequest;
      first.kill("SIGKILL");
      await exited(first);
      expect(receiver.stored.size).toBe(0);

      const retried = receiver.nextRequest();
      const second = await startWorker();
      await retried;
      await new Promise((resolve) => setTimeout(resolve, 1500));
      second.kill("SIGTERM");
      await exited(second);

      expect(receiver.received).toHaveLength(2);
      expect(new Set(receiver.received.map((r) => r.headers["webhook-id"])).size).toBe(1);
      expect(receiver.stored.size).toBe(1);

      if (!postgresUrl) handle = await open();
      const [delivery] = await handle.db.select().from(deliveries).where(eq(deliveries.messageId, message.id));
      expect(delivery).toMatchObject({ state: "sent", attempts: 2 });
      expect(receiver.received[0]?.headers["webhook-id"]).toBe(delivery?.id);
      const [stored] = await handle.db.select().from(messages).where(eq(messages.id, message.id));
      expect(stored?.deliveryStatus).toBe("sent");
      await handle.close();
    } finally {
      await receiver.close();
    }
  }, 60_000);
});
