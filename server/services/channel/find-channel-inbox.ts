import { and, eq } from "drizzle-orm";
import type { Executor } from "@/db";
import { inboxes, type ChannelType } from "@/db/schema";
import type { ChannelInbox } from "@/server/channels/contract";
import { NotFoundError } from "@/server/errors";

const columns = {
  id: inboxes.id,
  workspaceId: inboxes.workspaceId,
  channelType: inboxes.channelType,
  publicToken: inboxes.publicToken,
  config: inboxes.config,
  identitySecret: inboxes.identitySecret,
  enforceIdentity: inboxes.enforceIdentity,
  callbackUrl: inboxes.callbackUrl,
  webhookSecret: inboxes.webhookSecret,
};

/** An inbox of one channel by the public token its clients name it by. */
export async function findChannelInbox(
  db: Executor,
  channelType: ChannelType,
  by: { publicToken: string } | { id: string },
): Promise<ChannelInbox> {
  const [inbox] = await db
    .select(columns)
    .from(inboxes)
    .where(
      and(
        eq(inboxes.channelType, channelType),
        "id" in by ? eq(inboxes.id, by.id) : eq(inboxes.publicToken, by.publicToken),
      ),
    );
  if (!inbox) throw new NotFoundError("Unknown inbox: check the inbox token");
  return inbox;
}
