import type { Env, Rate } from "@/server/env";

/**
 * Every rate limit the product enforces, with the setting that sizes it and what the
 * person who hits it is told. Subjects are hashed before they are stored. `local` limits
 * count in this process only: they sit on the hot send path, where a shared store would
 * double the database work per message, and a per-node allowance is good enough there.
 */
export const LIMIT_POLICIES = {
  signInFailuresPerAccount: {
    setting: "LIMIT_SIGN_IN_FAILURES_PER_ACCOUNT",
    message: "Too many sign-in attempts. Wait a few minutes and try again.",
  },
  signInFailuresPerAddress: {
    setting: "LIMIT_SIGN_IN_FAILURES_PER_ADDRESS",
    message: "Too many sign-in attempts. Wait a few minutes and try again.",
  },
  widgetSessionsPerAddress: {
    setting: "LIMIT_WIDGET_SESSIONS_PER_ADDRESS",
    message: "Too many chats were opened from your network. Please try again later.",
  },
  widgetConversationsPerAddress: {
    setting: "LIMIT_WIDGET_CONVERSATIONS_PER_ADDRESS",
    message: "Too many new conversations from your network. Please try again later.",
  },
  widgetConversationsPerVisitor: {
    setting: "LIMIT_WIDGET_CONVERSATIONS_PER_VISITOR",
    message: "You have started several conversations already. Please try again later.",
  },
  widgetMessagesPerVisitor: {
    setting: "LIMIT_WIDGET_MESSAGES_PER_VISITOR",
    message: "You are sending messages too quickly. Wait a moment and try again.",
    local: true,
  },
  channelAuthFailuresPerAddress: {
    setting: "LIMIT_CHANNEL_AUTH_FAILURES_PER_ADDRESS",
    message: "Too many refused subscriptions. Wait a minute and try again.",
  },
  apiUsersPerAddress: {
    setting: "LIMIT_API_USERS_PER_ADDRESS",
    message: "Too many user sessions were requested from your network. Please try again later.",
  },
  apiMessagesPerUser: {
    setting: "LIMIT_API_MESSAGES_PER_USER",
    message: "You are sending messages too quickly. Wait a moment and try again.",
    local: true,
  },
  invitationFailuresPerAddress: {
    setting: "LIMIT_INVITATION_FAILURES_PER_ADDRESS",
    message: "Too many invalid invitation links were tried. Wait a few minutes and try again.",
  },
} as const satisfies Record<string, { setting: keyof Env; message: string; local?: boolean }>;

export type LimitName = keyof typeof LIMIT_POLICIES;

export const isLocalLimit = (name: LimitName): boolean => "local" in LIMIT_POLICIES[name];

export function rateOf(config: Env, name: LimitName): Rate {
  return config[LIMIT_POLICIES[name].setting];
}
