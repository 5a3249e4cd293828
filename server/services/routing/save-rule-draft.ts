import { and, eq, isNull } from "drizzle-orm";
import type { Database, Executor } from "@/db";
import { runTransaction } from "@/db/run-transaction";
import { routingRuleSets } from "@/db/schema";
import type { AgentActor } from "@/server/actor";
import { InvalidInputError } from "@/server/errors";
import type { RoutingRule } from "@/server/routing/rules";
import { recordAudit } from "../audit/record-audit";
import { assertInboxes, assertTeams } from "./references";
import type { SaveDraftInput } from "./schemas";

/** Rules may only point at this workspace's teams and inboxes, and ids must be unique. */
export async function assertRulesValid(db: Executor, workspaceId: string, rules: RoutingRule[]): Promise<void> {
  const ids = rules.map((rule) => rule.id);
  if (new Set(ids).size !== ids.length) throw new InvalidInputError("Two rules have the same id");
  await assertTeams(
    db,
    workspaceId,
    rules.flatMap((rule) => rule.actions.flatMap((action) => (action.type === "set_team" ? [action.teamId] : []))),
  );
  await assertInboxes(
    db,
    workspaceId,
    rules.flatMap((rule) =>
      rule.conditions.flatMap((condition) => (condition.type === "inbox" ? condition.inboxIds : [])),
    ),
  );
}

/** Saves the workspace's draft rule list (one draft at a time); the published rules keep routing. */
export async function saveRuleDraft(
  db: Database,
  actor: AgentActor,
  input: SaveDraftInput,
): Promise<{ draftId: string }> {
  const rules = input.rules as RoutingRule[];
  return runTransaction(db, async (tx) => {
    await assertRulesValid(tx, actor.workspaceId, rules);
    const [existing] = await tx
      .select({ id: routingRuleSets.id })
      .from(routingRuleSets)
      .where(and(eq(routingRuleSets.workspaceId, actor.workspaceId), isNull(routingRuleSets.publishedAt)))
      .for("update");
    let draftId: string;
    if (existing) {
      await tx
        .update(routingRuleSets)
        .set({ rules, createdByUserId: actor.userId })
        .where(eq(routingRuleSets.id, existing.id));
      draftId = existing.id;
    } else {
      const [row] = await tx
        .insert(routingRuleSets)
        .values({ workspaceId: actor.workspaceId, rules, createdByUserId: actor.userId })
        .returning({ id: routingRuleSets.id });
      draftId = row!.id;
    }
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      action: "routing_rules.draft_saved",
      targetType: "rule_set",
      targetId: draftId,
      details: { rules: rules.map((rule) => rule.name) },
    });
    return { draftId };
  });
}
