import { and, eq, gte, isNotNull, sql } from "drizzle-orm";
import type { Executor } from "@/db";
import { agentRoutingProfiles, conversations, teamMembers } from "@/db/schema";
import { isOpen, nextOpening } from "@/server/routing/business-hours";
import { requireConversation } from "../conversation/require-conversation";
import { teamSettings } from "./routing-config";

export type QueueStatus = {
  /**
   * `routing`: just arrived, about to be routed; `waiting`: in its team's queue; `closed`: waiting
   * outside business hours; `assigned`: an agent has it; `unqueued`: no team, any agent may answer.
   */
  state: "routing" | "waiting" | "closed" | "assigned" | "unqueued" | "resolved";
  /** 1 = next in line. */
  position: number | null;
  expectedWaitMinutes: number | null;
  nextOpeningAt: string | null;
};

const RECENT_DAYS = 7;
/** Without history, a conversation is assumed to take this long to handle. */
const DEFAULT_HANDLE_MINUTES = 8;

/**
 * Where a waiting customer stands: their place in the team's queue (by the same order routing
 * serves it in) and an expected wait from how long the team's recent conversations took to
 * handle, spread over the agents online now. Outside business hours, when the team opens again.
 */
export async function getQueueStatus(db: Executor, workspaceId: string, conversationId: string): Promise<QueueStatus> {
  const conversation = await requireConversation(db, workspaceId, conversationId);
  if (conversation.status === "resolved") {
    return { state: "resolved", position: null, expectedWaitMinutes: null, nextOpeningAt: null };
  }
  const none = { position: null, expectedWaitMinutes: null, nextOpeningAt: null };
  if (conversation.assigneeId) return { state: "assigned", ...none };
  if (!conversation.queuedAt) return { state: "routing", ...none };
  if (!conversation.teamId) return { state: "unqueued", ...none };
  const teamId = conversation.teamId;
  const team = await teamSettings(db, workspaceId, teamId);
  const now = new Date();

  // Conversations served before this one: higher priority, then earlier SLA due, then earlier queued.
  const [ahead] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(conversations)
    .where(
      and(
        eq(conversations.workspaceId, workspaceId),
        eq(conversations.teamId, teamId),
        sql`${conversations.assigneeId} is null`,
        eq(conversations.status, "open"),
        sql`(${conversations.priority}, coalesce(${conversations.slaDueAt}, 'infinity'::timestamptz), ${conversations.queuedAt}, ${conversations.id})
          < (${conversation.priority}::conversation_priority, coalesce(${conversation.slaDueAt?.toISOString() ?? null}::timestamptz, 'infinity'::timestamptz), ${conversation.queuedAt?.toISOString() ?? now.toISOString()}::timestamptz, ${conversation.id})`,
      ),
    );
  const position = (ahead?.count ?? 0) + 1;

  if (!isOpen(team.calendar, now)) {
    return {
      state: "closed",
      position,
      expectedWaitMinutes: null,
      nextOpeningAt: nextOpening(team.calendar, now)?.toISOString() ?? null,
    };
  }
  const [online] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(teamMembers)
    .innerJoin(
      agentRoutingProfiles,
      and(
        eq(agentRoutingProfiles.workspaceId, teamMembers.workspaceId),
        eq(agentRoutingProfiles.userId, teamMembers.userId),
      ),
    )
    .where(
      and(
        eq(teamMembers.workspaceId, workspaceId),
        eq(teamMembers.teamId, teamId),
        eq(agentRoutingProfiles.availability, "online"),
      ),
    );
  const [handled] = await db
    .select({
      minutes: sql<
        number | null
      >`avg(extract(epoch from (${conversations.resolvedAt} - ${conversations.assignedAt})) / 60)`,
    })
    .from(conversations)
    .where(
      and(
        eq(conversations.workspaceId, workspaceId),
        eq(conversations.teamId, teamId),
        isNotNull(conversations.assignedAt),
        isNotNull(conversations.resolvedAt),
        gte(conversations.resolvedAt, new Date(now.getTime() - RECENT_DAYS * 86_400_000)),
      ),
    );
  const agents = online?.count ?? 0;
  const handleMinutes = Math.max(1, Number(handled?.minutes ?? DEFAULT_HANDLE_MINUTES));
  return {
    state: "waiting",
    position,
    expectedWaitMinutes: agents > 0 ? Math.ceil((position * handleMinutes) / agents) : null,
    nextOpeningAt: null,
  };
}
