import { and, eq } from "drizzle-orm";
import type { Executor } from "@/db";
import { conversations } from "@/db/schema";
import type { AgentActor } from "@/server/actor";
import { ForbiddenError } from "@/server/errors";
import { parseChannelName } from "@/server/realtime/channel-names";
import type { Visitor } from "../widget/resolve-visitor";

export type Subscriber =
  { kind: "agent"; actor: AgentActor & { name: string } } | { kind: "visitor"; visitor: Visitor };

export type ChannelGrant = { presence?: { user_id: string; user_info: Record<string, unknown> } };

const DENIED = "You may not subscribe to this channel";

/**
 * Decides whether a subscriber may join a channel: agents only their own workspace's
 * channels (a conversation's, private, presence or widget, only if it is their workspace's), a
 * widget visitor only their own conversation's channel.
 */
export async function authorizeChannel(
  db: Executor,
  subscriber: Subscriber,
  channelName: string,
): Promise<ChannelGrant> {
  const channel = parseChannelName(channelName);
  if (!channel) throw new ForbiddenError(DENIED);

  if (subscriber.kind === "agent") {
    // The widget channel carries only what the visitor sees, so an agent of the workspace may follow it too.
    if (channel.audience !== "agent" && channel.scope !== "widget-conversation") throw new ForbiddenError(DENIED);
    const { actor } = subscriber;
    if (channel.scope === "workspace") {
      if (channel.id !== actor.workspaceId) throw new ForbiddenError(DENIED);
      return {};
    }
    if (channel.scope === "workspace-presence") {
      if (channel.id !== actor.workspaceId) throw new ForbiddenError(DENIED);
      return { presence: { user_id: actor.userId, user_info: { name: actor.name, role: actor.role } } };
    }
    const [owned] = await db
      .select({ id: conversations.id })
      .from(conversations)
      .where(and(eq(conversations.workspaceId, actor.workspaceId), eq(conversations.id, channel.id)));
    if (!owned) throw new ForbiddenError(DENIED);
    // Agents with the same conversation open see each other (and who is replying) there.
    if (channel.scope === "conversation-presence") {
      return { presence: { user_id: actor.userId, user_info: { name: actor.name } } };
    }
    return {};
  }

  const { visitor } = subscriber;
  if (channel.audience !== "visitor" || !visitor.contactId) throw new ForbiddenError(DENIED);
  const [owned] = await db
    .select({ id: conversations.id })
    .from(conversations)
    .where(
      and(
        eq(conversations.workspaceId, visitor.inbox.workspaceId),
        eq(conversations.id, channel.id),
        eq(conversations.contactId, visitor.contactId),
        eq(conversations.inboxId, visitor.inbox.id),
      ),
    );
  if (!owned) throw new ForbiddenError(DENIED);
  return {};
}
