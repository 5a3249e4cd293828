import type { ConversationStatus } from "@/db/schema";
import type { AgentActor } from "@/server/actor";
import type { ServiceContext } from "../context";
import { updateTriageFields } from "./update-triage-fields";

async function changeStatus(
  ctx: ServiceContext,
  actor: AgentActor,
  conversationId: string,
  status: ConversationStatus,
): Promise<{ status: ConversationStatus }> {
  const event = await ctx.db.transaction((tx) => updateTriageFields(tx, actor, conversationId, { status }));
  await ctx.dispatcher.dispatch([event]);
  return { status };
}

export const resolveConversation = (ctx: ServiceContext, actor: AgentActor, conversationId: string) =>
  changeStatus(ctx, actor, conversationId, "resolved");

export const reopenConversation = (ctx: ServiceContext, actor: AgentActor, conversationId: string) =>
  changeStatus(ctx, actor, conversationId, "open");
