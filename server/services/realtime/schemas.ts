import { z } from "zod";
import { InboxToken, VisitorToken } from "../widget/schemas";

export const ChannelAuthRequest = z.object({
  socket_id: z.string().regex(/^\d+\.\d+$/, "socket_id is malformed"),
  channel_name: z.string().min(1).max(200),
  inbox_token: InboxToken.optional(),
  visitor_token: VisitorToken.optional(),
});
export type ChannelAuthRequest = z.infer<typeof ChannelAuthRequest>;
