/**
 * Channel naming is the contract between publisher, channel auth and browser. Agents
 * follow a workspace and the conversation they have open, and join that conversation's
 * presence channel so that agents on the same conversation see each other; a widget
 * visitor follows only their own conversation, which never carries private notes (agents
 * may join it too, to see the visitor typing and to show their own typing to the visitor).
 */
export const channelNames = {
  workspace: (workspaceId: string) => `private-workspace-${workspaceId}`,
  conversation: (conversationId: string) => `private-conversation-${conversationId}`,
  widgetConversation: (conversationId: string) => `private-widget-${conversationId}`,
  workspacePresence: (workspaceId: string) => `presence-workspace-${workspaceId}`,
  conversationPresence: (conversationId: string) => `presence-conversation-${conversationId}`,
};

export type ParsedChannel =
  | { audience: "agent"; scope: "workspace" | "workspace-presence"; id: string }
  | { audience: "agent"; scope: "conversation" | "conversation-presence"; id: string }
  | { audience: "visitor"; scope: "widget-conversation"; id: string };

const PATTERNS: [RegExp, (id: string) => ParsedChannel][] = [
  [/^private-workspace-([a-z]+_[0-9a-z]+)$/, (id) => ({ audience: "agent", scope: "workspace", id })],
  [/^presence-workspace-([a-z]+_[0-9a-z]+)$/, (id) => ({ audience: "agent", scope: "workspace-presence", id })],
  [/^private-conversation-([a-z]+_[0-9a-z]+)$/, (id) => ({ audience: "agent", scope: "conversation", id })],
  [/^presence-conversation-([a-z]+_[0-9a-z]+)$/, (id) => ({ audience: "agent", scope: "conversation-presence", id })],
  [/^private-widget-([a-z]+_[0-9a-z]+)$/, (id) => ({ audience: "visitor", scope: "widget-conversation", id })],
];

export function parseChannelName(name: string): ParsedChannel | null {
  for (const [pattern, build] of PATTERNS) {
    const match = pattern.exec(name);
    if (match?.[1]) return build(match[1]);
  }
  return null;
}

export const RealtimeEvent = {
  messageCreated: "message.created",
  conversationCreated: "conversation.created",
  conversationUpdated: "conversation.updated",
  conversationRead: "conversation.read",
} as const;
