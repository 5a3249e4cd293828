import { and, asc, eq, inArray, isNotNull, isNull, lt, sql } from "drizzle-orm";
import { runTransaction } from "@/db/run-transaction";
import { agentRoutingProfiles, conversations, slaPolicies, type ConversationPriority } from "@/db/schema";
import { addBusinessMinutes, ALWAYS_OPEN } from "@/server/routing/business-hours";
import { nextDue } from "@/server/routing/sla";
import type { ServiceContext } from "../context";
import { recordEvent, type StoredEvent } from "../outbox/record-event";
import { firstInboundText } from "./first-inbound-text";
import { offerNext } from "./offer-next";
import { slaPolicyFor, teamSettings } from "./routing-config";
import { requeueConversation } from "./requeue-conversation";
import { routeConversation } from "./route-conversation";

export type SweepSettings = {
  /** An agent offline this long has their open conversations requeued. */
  offlineGraceSeconds: number;
  /** An assigned conversation whose customer waited this long without an agent reply is reclaimed. */
  reclaimAfterSeconds: number;
  /** A conversation created this long ago and still never routed is routed now (after a crash). */
  unroutedAfterSeconds: number;
  batch: number;
  /** Only these workspaces (one workspace's "run now"); all when absent. */
  workspaceIds?: string[];
};

export type SweepReport = {
  requeued: number;
  reclaimed: number;
  warned: number;
  breached: number;
  routed: number;
  offered: number;
  /** Rows whose work failed; the others were still done, and the failed ones are tried on the next run. */
  failed: number;
  firstFailure?: unknown;
};

const RAISED: Record<ConversationPriority, ConversationPriority> = {
  low: "normal",
  normal: "high",
  high: "urgent",
  urgent: "urgent",
};

/**
 * The routing clock, run every few seconds by every node (rows are claimed with SKIP LOCKED, so
 * nodes never do the same work twice): requeue conversations of agents offline past the grace
 * period, reclaim unanswered ones, raise SLA warnings and breaches with their escalations, and
 * route conversations that were never routed.
 */
export async function sweepRouting(
  ctx: ServiceContext,
  settings: SweepSettings,
  now = new Date(),
): Promise<SweepReport> {
  const report: SweepReport = {
    requeued: 0,
    reclaimed: 0,
    warned: 0,
    breached: 0,
    routed: 0,
    offered: 0,
    failed: 0,
  };
  // One conversation that cannot be handled must not hold up every other one behind it.
  const isolated = async <T>(work: () => Promise<T>): Promise<T | null> => {
    try {
      return await work();
    } catch (error) {
      report.failed += 1;
      report.firstFailure ??= error;
      return null;
    }
  };
  const events: StoredEvent[] = [];
  const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);
  /** Requeues a conversation found assigned, if it still is to the same agent and nobody else holds it now. */
  const requeueIfStillAssigned = async (
    row: { id: string; workspaceId: string; assigneeId: string | null },
    trigger: "offline_requeue" | "reclaim",
  ): Promise<boolean> => {
    const done = await isolated(() =>
      runTransaction(ctx.db, async (tx) => {
        const [still] = await tx
          .select({ id: conversations.id })
          .from(conversations)
          .where(and(eq(conversations.id, row.id), eq(conversations.assigneeId, row.assigneeId!)))
          .for("update", { skipLocked: true });
        if (!still) return null;
        return requeueConversation(tx, {
          workspaceId: row.workspaceId,
          conversationId: row.id,
          trigger,
          fromUserId: row.assigneeId,
          now,
        });
      }),
    );
    if (done) events.push(...done.events);
    return done !== null;
  };
  const scoped = settings.workspaceIds ? inArray(conversations.workspaceId, settings.workspaceIds) : undefined;

  const offline = await ctx.db
    .select({ id: conversations.id, workspaceId: conversations.workspaceId, assigneeId: conversations.assigneeId })
    .from(conversations)
    .innerJoin(
      agentRoutingProfiles,
      and(
        eq(agentRoutingProfiles.workspaceId, conversations.workspaceId),
        eq(agentRoutingProfiles.userId, conversations.assigneeId),
      ),
    )
    .where(
      and(
        scoped,
        sql`${conversations.status} in ('open', 'pending')`,
        eq(agentRoutingProfiles.availability, "offline"),
        lt(agentRoutingProfiles.offlineSince, ago(settings.offlineGraceSeconds)),
      ),
    )
    .limit(settings.batch);
  for (const row of offline) {
    if (await requeueIfStillAssigned(row, "offline_requeue")) report.requeued += 1;
  }

  const unanswered = await ctx.db
    .select({ id: conversations.id, workspaceId: conversations.workspaceId, assigneeId: conversations.assigneeId })
    .from(conversations)
    .where(
      and(
        scoped,
        eq(conversations.status, "open"),
        // Only conversations routing manages; one a person assigned outside a team stays theirs.
        isNotNull(conversations.teamId),
        isNotNull(conversations.assigneeId),
        isNotNull(conversations.awaitingReplySince),
        sql`greatest(${conversations.assignedAt}, ${conversations.awaitingReplySince}) < ${ago(settings.reclaimAfterSeconds).toISOString()}::timestamptz`,
      ),
    )
    .limit(settings.batch);
  for (const row of unanswered) {
    if (await requeueIfStillAssigned(row, "reclaim")) report.reclaimed += 1;
  }

  const due = await ctx.db
    .select({
      id: conversations.id,
      workspaceId: conversations.workspaceId,
      priority: conversations.priority,
      assigneeId: conversations.assigneeId,
      slaDueAt: conversations.slaDueAt,
      warnedAt: conversations.slaWarnedAt,
      warnBeforeMinutes: slaPolicies.warnBeforeMinutes,
      escalation: slaPolicies.escalation,
    })
    .from(conversations)
    .innerJoin(
      slaPolicies,
      and(eq(slaPolicies.workspaceId, conversations.workspaceId), eq(slaPolicies.priority, conversations.priority)),
    )
    .where(
      and(
        scoped,
        isNotNull(conversations.slaDueAt),
        sql`${conversations.status} <> 'resolved'`,
        isNull(conversations.slaBreachedAt),
        sql`${conversations.slaDueAt} - make_interval(mins => ${slaPolicies.warnBeforeMinutes}) <= ${now.toISOString()}::timestamptz`,
      ),
    )
    .orderBy(asc(conversations.slaDueAt))
    .limit(settings.batch);
  for (const row of due) {
    const breached = row.slaDueAt! <= now;
    if (!breached && row.warnedAt) continue;
    const done = await isolated(() =>
      runTransaction(ctx.db, async (tx) => {
        const [still] = await tx
          .select({ id: conversations.id })
          .from(conversations)
          .where(and(eq(conversations.id, row.id), isNull(conversations.slaBreachedAt)))
          .for("update", { skipLocked: true });
        if (!still) return null;
        const out: StoredEvent[] = [];
        if (!breached) {
          await tx.update(conversations).set({ slaWarnedAt: now }).where(eq(conversations.id, row.id));
          out.push(
            await recordEvent(tx, {
              workspaceId: row.workspaceId,
              type: "conversation.sla_warning",
              conversationId: row.id,
              payload: { conversationId: row.id, slaDueAt: row.slaDueAt!.toISOString(), assigneeId: row.assigneeId },
            }),
          );
          return out;
        }
        const raised = row.escalation.raisePriority ? RAISED[row.priority] : row.priority;
        await tx
          .update(conversations)
          .set({ slaBreachedAt: now, slaWarnedAt: row.warnedAt ?? now, priority: raised })
          .where(eq(conversations.id, row.id));
        out.push(
          await recordEvent(tx, {
            workspaceId: row.workspaceId,
            type: "conversation.sla_breached",
            conversationId: row.id,
            payload: {
              conversationId: row.id,
              slaDueAt: row.slaDueAt!.toISOString(),
              assigneeId: row.assigneeId,
              priority: raised,
              notifySupervisors: row.escalation.notifySupervisors,
            },
          }),
        );
        if (row.escalation.reassign && row.assigneeId) {
          const requeued = await requeueConversation(tx, {
            workspaceId: row.workspaceId,
            conversationId: row.id,
            trigger: "sla_escalation",
            fromUserId: row.assigneeId,
            now,
          });
          out.push(...requeued.events);
        }
        return out;
      }),
    );
    if (done) {
      report[breached ? "breached" : "warned"] += 1;
      events.push(...done);
    }
  }

  const unrouted = await ctx.db
    .select({ id: conversations.id, workspaceId: conversations.workspaceId })
    .from(conversations)
    .where(
      and(
        scoped,
        eq(conversations.status, "open"),
        isNull(conversations.queuedAt),
        isNull(conversations.assigneeId),
        lt(conversations.createdAt, ago(settings.unroutedAfterSeconds)),
      ),
    )
    .orderBy(asc(conversations.createdAt))
    .limit(settings.batch);
  for (const row of unrouted) {
    const done = await isolated(() =>
      runTransaction(ctx.db, async (tx) => {
        const [still] = await tx
          .select({ id: conversations.id })
          .from(conversations)
          .where(and(eq(conversations.id, row.id), isNull(conversations.queuedAt), isNull(conversations.assigneeId)))
          .for("update", { skipLocked: true });
        if (!still) return null;
        return routeConversation(tx, {
          workspaceId: row.workspaceId,
          conversationId: row.id,
          trigger: "new_conversation",
          text: await firstInboundText(tx, row.id),
          now,
        });
      }),
    );
    if (done) {
      report.routed += 1;
      events.push(...done.events);
    }
  }

  // A customer wrote again after an agent's reply: start the next-response clock.
  const awaiting = await ctx.db
    .select({ id: conversations.id, workspaceId: conversations.workspaceId })
    .from(conversations)
    .innerJoin(
      slaPolicies,
      and(eq(slaPolicies.workspaceId, conversations.workspaceId), eq(slaPolicies.priority, conversations.priority)),
    )
    .where(
      and(
        scoped,
        sql`${conversations.status} <> 'resolved'`,
        isNotNull(conversations.firstResponseAt),
        isNotNull(conversations.awaitingReplySince),
        isNull(conversations.nextResponseDueAt),
        isNotNull(slaPolicies.nextResponseMinutes),
        eq(slaPolicies.enabled, true),
      ),
    )
    .limit(settings.batch);
  for (const row of awaiting) {
    await isolated(() =>
      runTransaction(ctx.db, async (tx) => {
        const [conversation] = await tx
          .select()
          .from(conversations)
          .where(and(eq(conversations.id, row.id), isNull(conversations.nextResponseDueAt)))
          .for("update", { skipLocked: true });
        if (!conversation?.awaitingReplySince) return;
        const team = conversation.teamId ? await teamSettings(tx, row.workspaceId, conversation.teamId) : null;
        const policy = await slaPolicyFor(tx, row.workspaceId, conversation.priority, team?.calendar ?? ALWAYS_OPEN);
        if (!policy?.nextResponseMinutes) return;
        const due = addBusinessMinutes(policy.calendar, conversation.awaitingReplySince, policy.nextResponseMinutes);
        await tx
          .update(conversations)
          .set({
            nextResponseDueAt: due,
            slaDueAt: nextDue({
              firstResponseDue: null,
              nextResponseDue: due,
              resolutionDue: conversation.resolutionDueAt,
            }),
          })
          .where(eq(conversations.id, conversation.id));
      }),
    );
  }

  // Online agents with room whose teams have someone waiting (after a resolve on another node,
  // a capacity change, a skill added): offer them the head of the queue.
  const idle = await ctx.db.execute(sql`
    select distinct p.workspace_id as "workspaceId", p.user_id as "userId"
    from agent_routing_profiles p
    join team_members tm on tm.workspace_id = p.workspace_id and tm.user_id = p.user_id
    join conversations c on c.workspace_id = p.workspace_id and c.team_id = tm.team_id
      and c.assignee_id is null and c.status = 'open'
      and c.required_skills <@ p.skills and c.reclaimed_from_user_id is distinct from p.user_id
    where p.availability = 'online'
      ${settings.workspaceIds ? sql`and p.workspace_id in ${settings.workspaceIds}` : sql``}
      and (select count(*) from conversations o
           where o.workspace_id = p.workspace_id and o.assignee_id = p.user_id and o.status in ('open', 'pending'))
          < p.capacity
    limit ${settings.batch}`);
  for (const agent of rowsOf<{ workspaceId: string; userId: string }>(idle)) {
    const offered = await isolated(() => runTransaction(ctx.db, (tx) => offerNext(tx, { ...agent, now })));
    if (!offered) continue;
    report.offered += offered.assigned.length;
    events.push(...offered.events);
  }

  await ctx.dispatcher.dispatch(events);
  return report;
}

/** postgres.js returns rows as the result itself, PGlite under `rows`. */
function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
