/**
 * Routing benchmark: routing decisions per second and assignment latency with a deep queue.
 *
 *   npm run bench:routing [-- --waiting 10000 --agents 200 --teams 10 --decisions 2000 --concurrency 8]
 *
 * Runs on embedded PGlite, and on PostgreSQL too when BENCH_DATABASE_URL (or TEST_DATABASE_URL)
 * names a server where a throwaway database may be created. Three phases, each timed per decision:
 * routing new conversations into teams whose agents are all offline (they join the queue), agents
 * coming online and being offered the head of the queue up to their capacity, and routing new
 * conversations while agents have room. Afterwards it checks that no agent exceeds capacity and no
 * conversation was assigned twice. On PostgreSQL it also counts the statements sent per decision
 * (each one a round trip, BEGIN and COMMIT included).
 */
import { and, eq, sql } from "drizzle-orm";
import { parseArgs } from "node:util";
import { openDatabase, type Database } from "@/db";
import { runTransaction } from "@/db/run-transaction";
import {
  agentRoutingProfiles,
  contacts,
  conversations,
  inboxes,
  memberships,
  routingRuleSets,
  teamMembers,
  teamRouting,
  teams,
  users,
  workspaces,
} from "@/db/schema";
import { newId } from "@/server/ids";
import type { RoutingRule } from "@/server/routing/rules";
import { offerNext } from "@/server/services/routing/offer-next";
import { routeConversation } from "@/server/services/routing/route-conversation";
import { withScratchPostgres } from "./scratch-postgres";
import { loadAverage, ms, percentiles } from "./stats";

const { values: args } = parseArgs({
  options: {
    waiting: { type: "string", default: "10000" },
    agents: { type: "string", default: "200" },
    teams: { type: "string", default: "10" },
    capacity: { type: "string", default: "5" },
    decisions: { type: "string", default: "2000" },
    concurrency: { type: "string", default: "8" },
    only: { type: "string" },
  },
});
const WAITING = Number(args.waiting);
const AGENTS = Number(args.agents);
const TEAMS = Number(args.teams);
const CAPACITY = Number(args.capacity);
const DECISIONS = Number(args.decisions);
const CONCURRENCY = Number(args.concurrency);

/** Statements sent to PostgreSQL (counted by the driver), for round trips per decision. */
let statements = 0;

type Row = {
  database: string;
  statementsPerDecision: number | null;
  phase: string;
  decisions: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  assigned: number;
  overCapacity: number;
  doubleAssigned: number;
  load: string;
};

async function seed(db: Database) {
  const [workspace] = await db
    .insert(workspaces)
    .values({ name: "Bench", slug: `bench-${Date.now()}` })
    .returning();
  const workspaceId = workspace!.id;
  const [inbox] = await db
    .insert(inboxes)
    .values({ workspaceId, channelType: "web_widget", name: "Web", publicToken: `inb_${Date.now()}` })
    .returning();
  const teamRows = await db
    .insert(teams)
    .values(Array.from({ length: TEAMS }, (_, i) => ({ workspaceId, name: `Team ${i}` })))
    .returning();
  await db.insert(teamRouting).values(
    teamRows.map((team, i) => ({
      teamId: team.id,
      workspaceId,
      strategy: i % 2 ? ("least_busy" as const) : ("round_robin" as const),
    })),
  );
  const agentRows = [];
  for (let start = 0; start < AGENTS; start += 500) {
    const batch = Array.from({ length: Math.min(500, AGENTS - start) }, (_, i) => ({
      email: `agent${start + i}-${workspaceId}@bench.test`,
      name: `Agent ${start + i}`,
      passwordHash: "-",
    }));
    agentRows.push(...(await db.insert(users).values(batch).returning({ id: users.id })));
  }
  await db
    .insert(memberships)
    .values(agentRows.map((agent) => ({ workspaceId, userId: agent.id, role: "agent" as const })));
  await db.insert(agentRoutingProfiles).values(
    agentRows.map((agent, i) => ({
      workspaceId,
      userId: agent.id,
      availability: "offline" as const,
      capacity: CAPACITY,
      skills: i % 3 === 0 ? ["billing", "es"] : ["billing"],
    })),
  );
  await db
    .insert(teamMembers)
    .values(agentRows.map((agent, i) => ({ workspaceId, teamId: teamRows[i % TEAMS]!.id, userId: agent.id })));
  // Rules send a share of conversations to each team by keyword, some needing a skill.
  const rules: RoutingRule[] = teamRows.map((team, i) => ({
    id: `rule_${i}`,
    name: `Topic ${i}`,
    enabled: true,
    conditions: [{ type: "text_contains", keywords: [`topic${i}`] }],
    actions: [
      { type: "set_team", teamId: team.id },
      ...(i % 4 === 0 ? [{ type: "require_skills" as const, skills: ["es"] }] : []),
      ...(i % 5 === 0 ? [{ type: "set_priority" as const, priority: "high" as const }] : []),
    ],
  }));
  rules.push({
    id: "rule_refund",
    name: "Refunds",
    enabled: true,
    conditions: [{ type: "text_matches", pattern: "refund|money back|chargeback" }],
    actions: [{ type: "set_priority", priority: "urgent" }],
  });
  await db.insert(routingRuleSets).values({ workspaceId, rules, publishedAt: new Date() });
  const [contact] = await db.insert(contacts).values({ workspaceId, name: "Customer" }).returning();
  return { workspaceId, inboxId: inbox!.id, contactId: contact!.id, agentIds: agentRows.map((a) => a.id) };
}

async function createConversations(db: Database, target: Awaited<ReturnType<typeof seed>>, count: number) {
  const ids: string[] = [];
  for (let start = 0; start < count; start += 1000) {
    const rows = Array.from({ length: Math.min(1000, count - start) }, () => ({
      id: newId("conversation"),
      workspaceId: target.workspaceId,
      inboxId: target.inboxId,
      contactId: target.contactId,
    }));
    await db.insert(conversations).values(rows);
    ids.push(...rows.map((row) => row.id));
  }
  return ids;
}

async function timed<T>(items: T[], work: (item: T) => Promise<unknown>) {
  const samples: number[] = [];
  const statementsBefore = statements;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < items.length) {
        const item = items[next++]!;
        const t0 = performance.now();
        await work(item);
        samples.push(performance.now() - t0);
      }
    }),
  );
  return { samples, seconds: (performance.now() - started) / 1000, statements: statements - statementsBefore };
}

async function invariants(db: Database, workspaceId: string) {
  const over = await db.execute(sql`
    select count(*)::int as n from (
      select c.assignee_id, count(*) as open, p.capacity from conversations c
      join agent_routing_profiles p on p.user_id = c.assignee_id and p.workspace_id = c.workspace_id
      where c.workspace_id = ${workspaceId} and c.status in ('open', 'pending')
      group by c.assignee_id, p.capacity having count(*) > p.capacity) t`);
  const twice = await db.execute(sql`
    select count(*)::int as n from (
      select conversation_id from routing_decisions
      where workspace_id = ${workspaceId} and chosen_user_id is not null
      group by conversation_id having count(*) > 1) t`);
  const [assigned] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(conversations)
    .where(and(eq(conversations.workspaceId, workspaceId), sql`${conversations.assigneeId} is not null`));
  return { overCapacity: rowsOf(over), doubleAssigned: rowsOf(twice), assigned: assigned?.n ?? 0 };
}

function rowsOf(result: unknown): number {
  const row = Array.isArray(result) ? result[0] : (result as { rows?: { n: number }[] })?.rows?.[0];
  return Number((row as { n?: number } | undefined)?.n ?? 0);
}

async function runOn(label: string, db: Database): Promise<Row[]> {
  const target = await seed(db);
  const rows: Row[] = [];
  const route = (text: string) => (id: string) =>
    runTransaction(db, (tx) =>
      routeConversation(tx, {
        workspaceId: target.workspaceId,
        conversationId: id,
        trigger: "new_conversation",
        text,
        now: new Date(),
      }),
    );
  const row = async (phase: string, result: { samples: number[]; seconds: number; statements: number }) => {
    const stats = percentiles(result.samples);
    const check = await invariants(db, target.workspaceId);
    rows.push({
      database: label,
      statementsPerDecision: label === "postgres" ? result.statements / stats.n : null,
      phase,
      decisions: stats.n,
      perSecond: stats.n / result.seconds,
      p50: stats.p50,
      p95: stats.p95,
      p99: stats.p99,
      ...check,
      load: loadAverage(),
    });
  };

  // 1. Fill the queue: every agent offline, so each decision ends "waiting".
  process.stdout.write(`${label}: queueing ${WAITING} conversations…\n`);
  const queued = await createConversations(db, target, WAITING);
  let topic = 0;
  const queueing = await timed(queued, (id) => route(`help with topic${topic++ % TEAMS} please`)(id));
  await row(`route into queue (${WAITING} waiting)`, queueing);

  // 2. Agents come online one by one and are offered the head of the queue.
  await db
    .update(agentRoutingProfiles)
    .set({ availability: "online" })
    .where(eq(agentRoutingProfiles.workspaceId, target.workspaceId));
  const offering = await timed(target.agentIds, (userId) =>
    runTransaction(db, (tx) => offerNext(tx, { workspaceId: target.workspaceId, userId, now: new Date() })),
  );
  await row(`offer queue head to ${AGENTS} agents coming online`, offering);

  // 3. Agents free capacity, then new conversations are routed straight to them.
  await db.execute(
    sql`update conversations set status = 'resolved' where workspace_id = ${target.workspaceId} and assignee_id is not null`,
  );
  const fresh = await createConversations(db, target, DECISIONS);
  const routing = await timed(fresh, (id) => route(`topic${topic++ % TEAMS} refund?`)(id));
  await row(`route and assign ${DECISIONS} new (${WAITING - AGENTS * CAPACITY} still waiting)`, routing);
  return rows;
}

function print(rows: Row[]) {
  const header =
    "| database | phase | decisions | decisions/s | p50 ms | p95 ms | p99 ms | statements/decision | assigned | over capacity | assigned twice | load avg |";
  console.log(`\n${header}\n${header.replace(/[^|]/g, "-")}`);
  for (const r of rows) {
    console.log(
      `| ${r.database} | ${r.phase} | ${r.decisions} | ${r.perSecond.toFixed(0)} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} | ${r.statementsPerDecision?.toFixed(1) ?? "–"} | ${r.assigned} | ${r.overCapacity} | ${r.doubleAssigned} | ${r.load} |`,
    );
  }
}

async function main() {
  const rows: Row[] = [];
  if (args.only !== "postgres") {
    const pglite = await openDatabase({ driver: "pglite", dataDir: "memory" });
    try {
      rows.push(...(await runOn("pglite", pglite.db)));
    } finally {
      await pglite.close();
    }
  }
  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (url && args.only !== "pglite") {
    await withScratchPostgres(url, async (scratch) => {
      const handle = await openDatabase({
        driver: "postgres",
        url: scratch,
        maxConnections: CONCURRENCY + 2,
        onQuery: () => statements++,
      });
      try {
        rows.push(...(await runOn("postgres", handle.db)));
      } finally {
        await handle.close();
      }
    });
  }
  print(rows);
  const broken = rows.some((r) => r.overCapacity > 0 || r.doubleAssigned > 0);
  if (broken) {
    console.error("\nInvariant violated: an agent over capacity or a conversation assigned twice");
    process.exitCode = 1;
  }
}

await main();
