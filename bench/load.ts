/**
 * Concurrent load on the send path of a production build: N widget visitors send at a
 * target total rate (open loop) or as fast as they are acknowledged ("max"), while M
 * signed-in agents listen with pusher-js. Runs on embedded PGlite, and on PostgreSQL when
 * BENCH_DATABASE_URL (or TEST_DATABASE_URL) names a server it may create a database on.
 *
 * Usage: npm run bench:load -- --visitors 40 --agents 2 --rate 50,200,500,max --seconds 20
 *   [--max-in-flight 256] [--sequential 100] [--floor 300] [--only pglite|postgres]
 *   [--cpu-prof-dir DIR]   (profiles the app process with node --cpu-prof)
 * "app CPU µs/msg" is the app process's CPU time (all threads, from /proc) from the start of a
 * rate's window until its deliveries settled, per acknowledged message: unlike throughput, it
 * hardly depends on what else the machine is doing.
 */
import { startApp } from "./app-process";
import { measureFloor } from "./floor";
import { GENEROUS_LIMITS, SendPathLoad, verify, type SendRecord } from "./load-engine";
import { withScratchPostgres } from "./scratch-postgres";
import { formatTally, loadAverage, ms, option, percentiles } from "./stats";

const visitors = Number(option("visitors", "40"));
const agents = Number(option("agents", "2"));
const rates = option("rate", "500").split(",");
const seconds = Number(option("seconds", "20"));
const maxInFlight = Number(option("max-in-flight", "256"));
const sequentialCount = Number(option("sequential", "100"));
const floorCount = Number(option("floor", "300"));
const only = option("only", "");
const cpuProfDir = option("cpu-prof-dir", "");
const port = Number(process.env.BENCH_PORT ?? 3250);

type Row = Record<string, string | number>;

function rowFor(
  database: string,
  rate: string,
  window: { from: number; to: number },
  records: SendRecord[],
  load: SendPathLoad,
  skipped: number,
): Omit<Row, "lost" | "dup stored" | "dup received"> {
  const acked = records.filter((record) => record.ackAt !== undefined);
  const send = percentiles(acked.map((record) => record.ackAt! - record.scheduledAt));
  const endToEnd = percentiles(
    records
      .filter((record) => load.firstReceipt.has(record.clientMessageId))
      .map((record) => load.firstReceipt.get(record.clientMessageId)! - record.scheduledAt),
  );
  const ackedInWindow = acked.filter((record) => record.ackAt! <= window.to).length;
  const errors = records
    .flatMap((record) => record.attempts)
    .map((attempt) => attempt.label)
    .filter((label) => label !== "200");
  const counts = new Map<string, number>();
  for (const label of errors) counts.set(label, (counts.get(label) ?? 0) + 1);
  if (skipped > 0) counts.set("skipped (in-flight bound)", skipped);
  return {
    database,
    "target/s": rate,
    sent: records.length,
    "acked/s": ((ackedInWindow * 1000) / (window.to - window.from)).toFixed(0),
    "send p50": ms(send.p50),
    "send p95": ms(send.p95),
    "send p99": ms(send.p99),
    "e2e p50": ms(endToEnd.p50),
    "e2e p95": ms(endToEnd.p95),
    "e2e p99": ms(endToEnd.p99),
    errors: formatTally(counts),
  };
}

async function measure(database: string, extraEnv: Record<string, string>, floorTarget: string | null) {
  const env = { ...GENEROUS_LIMITS, ...extraEnv };
  const app = await startApp(port, env, cpuProfDir ? ["--cpu-prof", `--cpu-prof-dir=${cpuProfDir}`] : []);
  const rows: Row[] = [];
  try {
    const load = new SendPathLoad({ origin: app.origin, port, visitors, agents });
    await load.setUp();
    const sequential = percentiles(await load.sequential(sequentialCount));
    const floor = percentiles(
      await measureFloor(floorTarget ? { driver: "postgres", url: floorTarget, maxConnections: 1 } : null, floorCount),
    );
    const ratio = (sequential.p50 / floor.p50).toFixed(1);
    for (const rate of rates) {
      const before = new Set(load.records.keys());
      const skippedBefore = load.skipped;
      const cpuBefore = app.cpuMs();
      const window =
        rate === "max" ? await load.maxLoop(seconds) : await load.openLoop(Number(rate), seconds, maxInFlight);
      const records = [...load.records.values()].filter((record) => !before.has(record.clientMessageId));
      await load.awaitDeliveries(10_000);
      const cpuAfter = app.cpuMs();
      const ackedCount = records.filter((record) => record.ackAt !== undefined).length;
      const cpuPerMessage =
        cpuBefore !== null && cpuAfter !== null && ackedCount > 0
          ? (((cpuAfter - cpuBefore) * 1000) / ackedCount).toFixed(0)
          : "n/a";
      const verdict = await verify(load, records);
      rows.push({
        ...rowFor(database, rate, window, records, load, load.skipped - skippedBefore),
        lost: verdict.lost,
        "not received live": verdict.notReceivedLive,
        "dup stored": verdict.duplicatedStored,
        "dup received (same event)": `${verdict.duplicatedReceived} (${verdict.duplicatedReceivedSameEvent})`,
        "app CPU µs/msg": cpuPerMessage,
        "seq p50": ms(sequential.p50),
        "floor p50": ms(floor.p50),
        "floor p95": ms(floor.p95),
        "seq/floor": ratio,
        "load avg": loadAverage(),
      });
      console.log(`  ${database} rate ${rate}: done (load average ${loadAverage()})`);
    }
    load.disconnect();
  } finally {
    await app.stop();
  }
  return rows;
}

console.log(
  `Send-path load: ${visitors} visitors, ${agents} agents, ${seconds} s per rate, at most ${maxInFlight} in flight.\n` +
    `The app runs with generous abuse limits so that the load is not throttled: ` +
    Object.entries(GENEROUS_LIMITS)
      .map(([name, value]) => `${name}=${value}`)
      .join(" ") +
    `\nLoad average at start: ${loadAverage()}`,
);

const rows: Row[] = [];
if (only !== "postgres") rows.push(...(await measure("pglite", {}, null)));
const postgresAdminUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (postgresAdminUrl && only !== "pglite")
  rows.push(...(await withScratchPostgres(postgresAdminUrl, (url) => measure("postgres", { DATABASE_URL: url }, url))));

console.log(
  "\nsend = scheduled send → acknowledged (includes retries and any wait in the load generator);" +
    "\ne2e = scheduled send → the watching agent receives it over pusher-js; times in ms." +
    "\nlost = acknowledged but neither received by the agent nor stored (checked with messages.list)." +
    "\nfloor = one bare transaction inserting a message row and an outbox row; seq = sequential widget.send.\n",
);
console.table(rows);
const columns = Object.keys(rows[0] ?? {});
console.log(`\n| ${columns.join(" | ")} |\n|${columns.map(() => " --- ").join("|")}|`);
for (const row of rows) console.log(`| ${columns.map((column) => row[column]).join(" | ")} |`);
