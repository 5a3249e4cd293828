import { and, asc, eq } from "drizzle-orm";
import type { Executor } from "@/db";
import { messages } from "@/db/schema";

/** What the customer first wrote: the text rules are matched against when a conversation is routed later. */
export async function firstInboundText(tx: Executor, conversationId: string): Promise<string> {
  const [first] = await tx
    .select({ body: messages.body })
    .from(messages)
    .where(and(eq(messages.conversationId, conversationId), eq(messages.direction, "inbound")))
    .orderBy(asc(messages.seq))
    .limit(1);
  return first?.body ?? "";
}
