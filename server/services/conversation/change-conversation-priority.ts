import type { ConversationPriority } from "@/db/schema";
import type { AgentActor } from "@/server/actor";
import type { ServiceContext } from "../context";
import type { ChangeConversationPriorityInput } from "./schemas";
import { updateTriageFields } from "./update-triage-fields";

export async function changeConversationPriority(
  ctx: ServiceContext,
  actor: AgentActor,
  input: ChangeConversationPriorityInput,
): Promise<{ priority: ConversationPriority }> {
  const event = await ctx.db.transaction((tx) =>
    updateTriageFields(tx, actor, input.conversationId, { priority: input.priority }),
  );
  await ctx.dispatcher.dispatch([event]);
  return { priority: input.priority };
}
