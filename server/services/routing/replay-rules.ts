import { and, asc, desc, eq, gte, inArray } from "drizzle-orm";
import type { Executor } from "@/db";
import { contacts, conversations, inboxes, messages } from "@/db/schema";
import type { AgentActor } from "@/server/actor";
import { evaluateRules, type RoutingFacts, type RoutingOutcome, type RoutingRule } from "@/server/routing/rules";
import { publishedRules } from "./routing-config";
import type { ReplayInput } from "./schemas";

type Difference = {
  conversationId: string;
  preview: string;
  published: { rules: string[]; outcome: RoutingOutcome };
  draft: { rules: string[]; outcome: RoutingOutcome };
};

const same = (a: RoutingOutcome, b: RoutingOutcome) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Replays recent conversations against a draft rule list and the published one, and lists the
 * conversations whose routing would change — before the draft is published.
 */
export async function replayRules(db: Executor, actor: AgentActor, input: ReplayInput) {
  const workspaceId = actor.workspaceId;
  const since = new Date(Date.now() - input.days * 24 * 60 * 60 * 1000);
  const recent = await db
    .select({
      id: conversations.id,
      inboxId: conversations.inboxId,
      channel: inboxes.channelType,
      attributes: contacts.attributes,
    })
    .from(conversations)
    .innerJoin(inboxes, eq(inboxes.id, conversations.inboxId))
    .innerJoin(contacts, eq(contacts.id, conversations.contactId))
    .where(and(eq(conversations.workspaceId, workspaceId), gte(conversations.createdAt, since)))
    .orderBy(desc(conversations.createdAt))
    .limit(input.limit);
  const firstMessages = recent.length
    ? await db
        .selectDistinctOn([messages.conversationId], { conversationId: messages.conversationId, body: messages.body })
        .from(messages)
        .where(
          and(
            eq(messages.workspaceId, workspaceId),
            inArray(
              messages.conversationId,
              recent.map((row) => row.id),
            ),
            eq(messages.direction, "inbound"),
          ),
        )
        .orderBy(messages.conversationId, asc(messages.seq))
    : [];
  const textOf = new Map(firstMessages.map((row) => [row.conversationId, row.body]));
  const published = (await publishedRules(db, workspaceId)).rules;
  const draft = input.rules as RoutingRule[];
  const differences: Difference[] = [];
  for (const row of recent) {
    const text = textOf.get(row.id) ?? "";
    const facts: RoutingFacts = {
      inboxId: row.inboxId,
      channel: row.channel,
      contactAttributes: row.attributes,
      text,
      language: typeof row.attributes.language === "string" ? row.attributes.language : null,
      // Replays judge content and context; business hours are those of now.
      insideBusinessHours: true,
    };
    const before = evaluateRules(published, facts);
    const after = evaluateRules(draft, facts);
    if (same(before.outcome, after.outcome)) continue;
    differences.push({
      conversationId: row.id,
      preview: text.slice(0, 140),
      published: { rules: before.matched.map((rule) => rule.name), outcome: before.outcome },
      draft: { rules: after.matched.map((rule) => rule.name), outcome: after.outcome },
    });
  }
  return { replayed: recent.length, changed: differences.length, differences };
}
