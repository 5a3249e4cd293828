import { and, eq } from "drizzle-orm";
import type { Transaction } from "@/db";
import { agentRoutingProfiles, conversations, type ConversationStatus } from "@/db/schema";
import type { AgentActor } from "@/server/actor";
import type { ServiceContext } from "../context";
import type { StoredEvent } from "../outbox/record-event";
import { firstInboundText } from "../routing/first-inbound-text";
import { offerNext } from "../routing/offer-next";
import { routeConversation } from "../routing/route-conversation";
import { requireConversation } from "./require-conversation";
import { updateTriageFields } from "./update-triage-fields";

/** Whether the agent said they are offline or away; one who never used availability is not. */
async function isUnavailable(tx: Transaction, workspaceId: string, userId: string): Promise<boolean> {
  const [profile] = await tx
    .select({ availability: agentRoutingProfiles.availability })
    .from(agentRoutingProfiles)
    .where(and(eq(agentRoutingProfiles.workspaceId, workspaceId), eq(agentRoutingProfiles.userId, userId)));
  return profile !== undefined && profile.availability !== "online";
}

/**
 * Resolving frees the assignee's capacity, so they are offered the next waiting conversation in
 * the same transaction, and the resolution SLA is judged. Reopening keeps the assignee unless they
 * are offline or away; then, or without an assignee, the conversation is routed again.
 */
async function changeStatus(
  ctx: ServiceContext,
  actor: AgentActor,
  conversationId: string,
  status: ConversationStatus,
): Promise<{ status: ConversationStatus }> {
  const events = await ctx.db.transaction(async (tx) => {
    const now = new Date();
    const before = await requireConversation(tx, actor.workspaceId, conversationId, { forUpdate: true });
    const out: StoredEvent[] = [await updateTriageFields(tx, actor, conversationId, { status })];
    if (status === "resolved") {
      if (before.resolutionDueAt) {
        await tx
          .update(conversations)
          .set({ slaResolutionMet: now <= before.resolutionDueAt })
          .where(eq(conversations.id, conversationId));
      }
      if (before.assigneeId) {
        out.push(...(await offerNext(tx, { workspaceId: actor.workspaceId, userId: before.assigneeId, now })).events);
      }
    } else if (before.status === "resolved" && status === "open") {
      const keep = before.assigneeId && !(await isUnavailable(tx, actor.workspaceId, before.assigneeId));
      if (!keep) {
        const routed = await routeConversation(tx, {
          workspaceId: actor.workspaceId,
          conversationId,
          trigger: "reopened",
          text: await firstInboundText(tx, conversationId),
          now,
        });
        out.push(...routed.events);
      }
    }
    return out;
  });
  await ctx.dispatcher.dispatch(events);
  return { status };
}

export const resolveConversation = (ctx: ServiceContext, actor: AgentActor, conversationId: string) =>
  changeStatus(ctx, actor, conversationId, "resolved");

export const reopenConversation = (ctx: ServiceContext, actor: AgentActor, conversationId: string) =>
  changeStatus(ctx, actor, conversationId, "open");
