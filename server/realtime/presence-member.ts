import { z } from "zod";
import type { PresenceMember } from "./presence-roster";
import { PusherLimit } from "./protocol";

const ChannelData = z.object({
  user_id: z.union([z.string().min(1), z.number()]),
  user_info: z.unknown().optional(),
});

export type ParsedPresenceMember = { ok: true; member: PresenceMember } | { ok: false; reason: string };

/** Reads the signed `channel_data` of a presence subscription: `{"user_id": …, "user_info": …}`. */
export function parsePresenceMember(channelData: string | undefined): ParsedPresenceMember {
  if (channelData === undefined) return { ok: false, reason: "Presence channels need channel_data" };
  let json: unknown;
  try {
    json = JSON.parse(channelData);
  } catch {
    return { ok: false, reason: "channel_data is not valid JSON" };
  }
  const parsed = ChannelData.safeParse(json);
  if (!parsed.success) return { ok: false, reason: "channel_data needs a user_id string" };

  const userId = String(parsed.data.user_id);
  if (userId.length > PusherLimit.PresenceUserIdLength) {
    return {
      ok: false,
      reason: `user_id is longer than ${PusherLimit.PresenceUserIdLength} characters`,
    };
  }
  const userInfo = parsed.data.user_info;
  const userInfoBytes = Buffer.byteLength(JSON.stringify(userInfo ?? null));
  if (userInfoBytes > PusherLimit.PresenceUserInfoBytes) {
    return {
      ok: false,
      reason: `user_info is larger than ${PusherLimit.PresenceUserInfoBytes} bytes`,
    };
  }
  return { ok: true, member: { userId, userInfo } };
}
