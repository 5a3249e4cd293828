import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "@/db";
import { runTransaction } from "@/db/run-transaction";
import { routingRuleSets } from "@/db/schema";
import type { AgentActor } from "@/server/actor";
import { InvalidInputError } from "@/server/errors";
import { recordAudit } from "../audit/record-audit";
import { assertRulesValid } from "./save-rule-draft";

/** Publishes the draft: from now on new conversations are routed by it. */
export async function publishRules(db: Database, actor: AgentActor): Promise<{ ruleSetId: string }> {
  return runTransaction(db, async (tx) => {
    const [draft] = await tx
      .select()
      .from(routingRuleSets)
      .where(and(eq(routingRuleSets.workspaceId, actor.workspaceId), isNull(routingRuleSets.publishedAt)))
      .for("update");
    if (!draft) throw new InvalidInputError("There is no draft to publish; save your changes first");
    // Teams or inboxes may have been deleted since the draft was saved.
    await assertRulesValid(tx, actor.workspaceId, draft.rules);
    await tx.update(routingRuleSets).set({ publishedAt: new Date() }).where(eq(routingRuleSets.id, draft.id));
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      action: "routing_rules.published",
      targetType: "rule_set",
      targetId: draft.id,
      details: { rules: draft.rules.map((rule) => rule.name) },
    });
    return { ruleSetId: draft.id };
  });
}
