import type { RulePriority } from "./rules";

export type QueuedConversation = { id: string; priority: RulePriority; slaDueAt: Date | null; waitingSince: Date };

const PRIORITY_RANK: Record<RulePriority, number> = { urgent: 0, high: 1, normal: 2, low: 3 };

/**
 * The order a team's queue is served in: priority, then the SLA due soonest (none last), then the
 * longest waiting, then id — total, so two nodes always agree on who is next.
 */
export function compareQueued(a: QueuedConversation, b: QueuedConversation): number {
  return (
    PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] ||
    (a.slaDueAt?.getTime() ?? Infinity) - (b.slaDueAt?.getTime() ?? Infinity) ||
    a.waitingSince.getTime() - b.waitingSince.getTime() ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}
