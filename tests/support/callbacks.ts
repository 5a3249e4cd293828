import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Database } from "@/db";
import { contactIdentities, contacts, conversations, deliveries, inboxes, messages } from "@/db/schema";
import { newToken } from "@/server/ids";
import type { TestWorkspace } from "./factories";

export type ReceivedCallback = { headers: IncomingMessage["headers"]; body: string };

/**
 * A real HTTP receiver on 127.0.0.1 that answers each request with the next scripted status
 * (the last one repeats), keeps every request, and stores each webhook-id once.
 */
export async function callbackReceiver(script: number[] = [200], options: { holdFirst?: boolean } = {}) {
  const received: ReceivedCallback[] = [];
  const stored = new Map<string, string>();
  let held: (() => void) | null = null;
  let onRequest: (() => void) | null = null;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      received.push({ headers: req.headers, body });
      const status = script[Math.min(received.length - 1, script.length - 1)] ?? 200;
      const answer = () => {
        if (status >= 200 && status < 300) stored.set(String(req.headers["webhook-id"]), body);
        res.writeHead(status, { "content-type": "text/plain" }).end(status >= 400 ? `refused with ${status}` : "ok");
      };
      onRequest?.();
      if (options.holdFirst && received.length === 1) held = answer;
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    stored,
    /** Resolves when the next request arrives. */
    nextRequest: () => new Promise<void>((resolve) => (onRequest = resolve)),
    releaseHeld: () => held?.(),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const TEST_WEBHOOK_SECRET = `whsec_${Buffer.from("a-test-signing-key-of-32-bytes!!").toString("base64")}`;

/** An API inbox with a callback URL and a conversation in it from an API user. */
export async function apiConversation(db: Database, ws: TestWorkspace, callbackUrl: string | null) {
  const [inbox] = await db
    .insert(inboxes)
    .values({
      workspaceId: ws.workspaceId,
      channelType: "api",
      name: "Mobile app",
      publicToken: `inb_${newToken(12)}`,
      callbackUrl,
      webhookSecret: TEST_WEBHOOK_SECRET,
    })
    .returning();
  const [contact] = await db.insert(contacts).values({ workspaceId: ws.workspaceId, name: "App user" }).returning();
  if (!inbox || !contact) throw new Error("no inbox or contact");
  await db.insert(contactIdentities).values({
    workspaceId: ws.workspaceId,
    contactId: contact.id,
    kind: "external_id",
    value: `user-${newToken(6)}`,
    verified: true,
    sourceInboxId: inbox.id,
  });
  const [conversation] = await db
    .insert(conversations)
    .values({ workspaceId: ws.workspaceId, inboxId: inbox.id, contactId: contact.id })
    .returning();
  if (!conversation) throw new Error("no conversation");
  return { inboxId: inbox.id, contactId: contact.id, conversationId: conversation.id };
}

/** A reply in an API inbox whose delivery failed, ready to be replayed (nothing is sent while no worker runs). */
export async function failedDelivery(db: Database, ws: TestWorkspace): Promise<string> {
  const { inboxId, conversationId } = await apiConversation(db, ws, "https://callbacks.example.invalid/hooks");
  const [message] = await db
    .insert(messages)
    .values({
      workspaceId: ws.workspaceId,
      conversationId,
      seq: 1,
      direction: "outbound",
      senderType: "agent",
      senderUserId: ws.agent.userId,
      body: "Refused reply",
      deliveryStatus: "failed",
      deliveryError: "HTTP 410: gone",
    })
    .returning();
  if (!message) throw new Error("no message");
  const [delivery] = await db
    .insert(deliveries)
    .values({ workspaceId: ws.workspaceId, inboxId, messageId: message.id, state: "failed", attempts: 1 })
    .returning();
  if (!delivery) throw new Error("no delivery");
  return delivery.id;
}
