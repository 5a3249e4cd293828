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
 * channels, a widget visitor only their own conversation's channel.
 */
export async function authorizeChannel(
  db: Executor,
  subscriber: Subscriber,
  channelName: string,
): Promise<ChannelGrant> {
  const channel = parseChannelName(channelName);
  if (!channel) throw new ForbiddenError(DENIED);

  if (subscriber.kind === "agent") {
    if (channel.audience !== "agent") throw new ForbiddenError(DENIED);
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
