import { and, eq } from "drizzle-orm";
import type { Database } from "@/db";
import { runTransaction } from "@/db/run-transaction";
import { resolveContact } from "@/server/services/contact/resolve-contact";
import { findChannelInbox } from "@/server/services/channel/find-channel-inbox";
import { receiveInbound } from "@/server/services/channel/receive-inbound";
import { appendMessage } from "@/server/services/message/append-message";
import { conversations } from "./schema";

/** The demo customer who uses both the website (verified) and the mobile app. */
export const DEMO_USER = { userId: "dana-demo", name: "Dana Demo", email: "dana@example.com" } as const;

const noDispatch = { dispatch: async () => {} };

/**
 * Dana's conversations: one on the website, one from the app (the "Mobile app" API inbox),
 * both on her one contact because both channels know her verified user id. Her website side is
 * left alone when it exists already.
 */
export async function seedApiChannelDemo(
  db: Database,
  demo: { workspaceId: string; widgetInboxId: string; apiInboxToken: string },
): Promise<void> {
  const { workspaceId, widgetInboxId } = demo;
  const inbox = await findChannelInbox(db, "api", { publicToken: demo.apiInboxToken });
  const dana = { kind: "external_id" as const, value: DEMO_USER.userId, verified: true };

  const { contactId } = await runTransaction(db, (tx) =>
    resolveContact(tx, {
      workspaceId,
      inboxId: widgetInboxId,
      sender: { identities: [dana], name: DEMO_USER.name, email: DEMO_USER.email },
      fallbackName: DEMO_USER.name,
    }),
  );
  const [onWebsite] = await db
    .select({ id: conversations.id })
    .from(conversations)
    .where(and(eq(conversations.contactId, contactId), eq(conversations.inboxId, widgetInboxId)));
  if (!onWebsite) {
    await runTransaction(db, async (tx) => {
      const [conversation] = await tx
        .insert(conversations)
        .values({ workspaceId, inboxId: widgetInboxId, contactId, createdAt: new Date(Date.now() - 3 * 3600_000) })
        .returning();
      if (!conversation) throw new Error("conversation insert failed");
      await appendMessage(tx, {
        workspaceId,
        conversationId: conversation.id,
        direction: "inbound",
        senderType: "contact",
        senderContactId: contactId,
        body: "Hi, I'm signed in on the website: can I change the delivery address of order #5512?",
        deliveryStatus: "delivered",
        sentAt: new Date(Date.now() - 3 * 3600_000),
      });
    });
  }
  await receiveInbound({ db, dispatcher: noDispatch }, inbox, [
    {
      type: "message",
      providerEventId: `external_id:${DEMO_USER.userId}:demo-first-message`,
      sender: { identities: [dana] },
      body: "Writing from the app now: the courier says the address is still the old one.",
      occurredAt: new Date(Date.now() - 20 * 60_000),
      clientMessageId: "demo-first-message",
    },
  ]);
}
