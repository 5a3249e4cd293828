import { eq } from "drizzle-orm";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db";
import { deliveries } from "@/db/schema";
import { outboundChannels } from "@/server/channels/outbound";
import { newToken } from "@/server/ids";
import { startJobQueue, type JobQueue } from "@/server/jobs/queue";
import { callerFor } from "../support/caller";
import { apiConversation, callbackReceiver } from "../support/callbacks";
import { openTestDatabase } from "../support/database";
import { clientId, createWorkspace, recordingDispatcher } from "../support/factories";

let handle: DatabaseHandle;
let queue: JobQueue;
const dispatcher = recordingDispatcher();

beforeAll(async () => {
  handle = await openTestDatabase();
  // As in production: CALLBACK_URLS_ALLOW_LOOPBACK is not set.
  queue = await startJobQueue(
    { db: handle.db, dispatcher },
    {
      schema: `jobs_${newToken(6)
        .toLowerCase()
        .replace(/[^a-z0-9]/g, "")}`,
      retries: { retryLimit: 2, retryDelaySeconds: 1, expireInSeconds: 30 },
      pollingIntervalSeconds: 0.5,
      log: pino({ level: "silent" }),
      outbound: outboundChannels({ allowLoopback: false, callbackTimeoutSeconds: 5 }),
    },
  );
});
afterAll(async () => {
  await queue.stop();
  await handle.close();
});

describe("a callback URL on a private or loopback address", () => {
  it("fails the reply with a clear reason and sends nothing", async () => {
    const receiver = await callbackReceiver([200]);
    try {
      const ws = await createWorkspace(handle.db);
      const { conversationId } = await apiConversation(handle.db, ws, receiver.url);
      const agent = callerFor(handle.db, dispatcher, ws.agent);
      const reply = await agent.messages.send({ conversationId, body: "Hi", clientMessageId: clientId() });
      const deadline = Date.now() + 15_000;
      let shown = reply.message;
      while (shown.deliveryStatus !== "failed" && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        const page = await agent.messages.list({ conversationId });
        shown = page.messages.find((m) => m.id === reply.message.id) ?? shown;
      }
      expect(shown.deliveryStatus).toBe("failed");
      expect(shown.deliveryError).toBe(
        "The callback URL must reach a public address; 127.0.0.1 resolves to 127.0.0.1, which is private, local or reserved",
      );
      const [delivery] = await handle.db.select().from(deliveries).where(eq(deliveries.messageId, reply.message.id));
      expect(delivery).toMatchObject({ state: "failed", attempts: 1 });
      expect(receiver.received).toHaveLength(0);
      const update = dispatcher.dispatched.find((e) => e.type === "message.updated");
      expect(update?.payload).toEqual({
        message: {
          id: reply.message.id,
          conversationId,
          deliveryStatus: "failed",
          deliveryError: shown.deliveryError,
        },
      });
    } finally {
      await receiver.close();
    }
  });
});
