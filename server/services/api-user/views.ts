import type { ApiConversation, ApiMessage } from "@/server/channels/api/schemas";
import { channelNames } from "@/server/realtime/channel-names";
import type { ConversationRow } from "../conversation/views";
import type { MessageView } from "../message/views";

/** What an end user sees of a conversation: never its assignee, team or priority. */
export function toApiConversation(row: ConversationRow): ApiConversation {
  return {
    id: row.id,
    status: row.status,
    lastSeq: row.lastSeq,
    contactLastReadSeq: row.contactLastReadSeq,
    lastMessagePreview: row.lastMessagePreview,
    lastActivityAt: row.lastActivityAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    realtimeChannel: channelNames.widgetConversation(row.id),
  };
}

/** Private notes never reach this far (callers filter them); the view is the realtime payload's. */
export function toApiMessage(view: MessageView): ApiMessage {
  if (view.direction === "note") throw new Error("a private note cannot be shown to an end user");
  return { ...view, direction: view.direction };
}
