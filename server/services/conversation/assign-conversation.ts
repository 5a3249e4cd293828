import { and, eq } from "drizzle-orm";
import { memberships } from "@/db/schema";
import { hasRole, type AgentActor } from "@/server/actor";
import { ForbiddenError, NotFoundError } from "@/server/errors";
import type { ServiceContext } from "../context";
import { requireConversation } from "./require-conversation";
import type { AssignConversationInput } from "./schemas";
import { updateTriageFields } from "./update-triage-fields";

/**
 * Gives a conversation to a member of the same workspace, or unassigns it. Agents may take
 * a conversation or let go of their own; handing work to someone else is for supervisors.
 */
export async function assignConversation(
  ctx: ServiceContext,
  actor: AgentActor,
  input: AssignConversationInput,
): Promise<{ assigneeId: string | null }> {
  const event = await ctx.db.transaction(async (tx) => {
    const conversation = await requireConversation(tx, actor.workspaceId, input.conversationId, { forUpdate: true });
    const mayAssignOthers = hasRole(actor, "supervisor");
    const takingIt = input.assigneeId === actor.userId;
    const lettingGoOfOwn = input.assigneeId === null && conversation.assigneeId === actor.userId;
    if (!mayAssignOthers && !takingIt && !lettingGoOfOwn) {
      throw new ForbiddenError("Only supervisors and admins can assign conversations to someone else");
    }
    if (input.assigneeId) {
      const [member] = await tx
        .select({ userId: memberships.userId })
        .from(memberships)
        .where(and(eq(memberships.workspaceId, actor.workspaceId), eq(memberships.userId, input.assigneeId)));
      if (!member) throw new NotFoundError("That agent is not a member of this workspace");
    }
    return updateTriageFields(tx, actor, conversation.id, { assigneeId: input.assigneeId });
  });
  await ctx.dispatcher.dispatch([event]);
  return { assigneeId: input.assigneeId };
}
