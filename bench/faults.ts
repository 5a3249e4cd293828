/**
 * Faults under load on PostgreSQL: while visitors send at a moderate rate (retrying with
 * the same clientMessageId on network errors and 5xx, with backoff, as the widget does),
 * the app is killed with SIGKILL and restarted on the same data, and PostgreSQL is made
 * unreachable through a TCP proxy the benchmark runs between the app and the server.
 *
 * Usage: BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:faults --
 *   [--visitors 40] [--agents 2] [--rate 50] [--faults kill,pause,drop] [--outage 20]
 *   [--baseline 15] [--recovery 60] [--max-in-flight 5000]
 * Each fault runs on its own fresh app and database, so one fault's aftermath never
 * colours the next.
 */
import { startApp } from "./app-process";
import { GENEROUS_LIMITS, SendPathLoad, verify, type SendRecord } from "./load-engine";
import { withScratchPostgres } from "./scratch-postgres";
import { formatTally, loadAverage, ms, option, percentiles, tally } from "./stats";
import { TcpProxy } from "./tcp-proxy";

const visitors = Number(option("visitors", "40"));
const agents = Number(option("agents", "2"));
const rate = Number(option("rate", "50"));
const faults = option("faults", "kill,pause,drop").split(",");
const outageSeconds = Number(option("outage", "20"));
const baselineSeconds = Number(option("baseline", "15"));
const recoverySeconds = Number(option("recovery", "60"));
const maxInFlight = Number(option("max-in-flight", "5000"));
const appPort = Number(process.env.BENCH_PORT ?? 3251);
const proxyPort = Number(process.env.BENCH_PROXY_PORT ?? 3252);

const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (!adminUrl) {
  console.error(
    "The fault mode needs PostgreSQL: set BENCH_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/postgres).",
  );
  process.exit(2);
}

const sleep = (delay: number) => new Promise((resolve) => setTimeout(resolve, delay));

const FAULT_LABELS: Record<string, string> = {
  kill: "app SIGKILL, restarted on the same data",
  pause: `PostgreSQL partitioned ${outageSeconds} s (proxy holds all bytes)`,
  drop: `PostgreSQL gone ${outageSeconds} s (proxy resets and refuses connections)`,
};

/** First 1 s bucket (by send time, after the fault) from which two buckets in a row are normal. */
function backToNormal(records: SendRecord[], from: number, until: number, threshold: number): number | null {
  const buckets: SendRecord[][] = [];
  for (const record of records) {
    if (record.scheduledAt < from || record.scheduledAt >= until) continue;
    (buckets[Math.floor((record.scheduledAt - from) / 1000)] ??= []).push(record);
  }
  const normal = (bucket: SendRecord[] | undefined) =>
    !!bucket &&
    bucket.every((record) => record.ackAt !== undefined) &&
    percentiles(bucket.map((record) => record.ackAt! - record.scheduledAt)).p95 <= threshold;
  for (let index = 0; index < buckets.length - 1; index++)
    if (normal(buckets[index]) && normal(buckets[index + 1])) return index;
  return null;
}

/** One fault on a fresh app and database: baseline load, the fault, recovery under the same load. */
async function runFault(fault: string, databaseUrl: string) {
  const real = new URL(databaseUrl);
  const proxy = new TcpProxy({ host: real.hostname, port: Number(real.port || 5432) }, proxyPort);
  await proxy.listen();
  const viaProxy = new URL(databaseUrl);
  viaProxy.hostname = "127.0.0.1";
  viaProxy.port = String(proxyPort);
  const app = await startApp(appPort, { ...GENEROUS_LIMITS, DATABASE_URL: viaProxy.toString() });
  try {
    const load = new SendPathLoad({ origin: app.origin, port: appPort, visitors, agents });
    await load.setUp();
    const stop = new AbortController();
    const loadStart = performance.now();
    const running = load.openLoop(rate, 24 * 3600, maxInFlight, stop.signal);
    await sleep(baselineSeconds * 1000);
    const start = performance.now();
    let note = "";
    if (fault === "kill") {
      await app.kill();
      const restartAt = performance.now();
      await app.restart();
      note = `dead → serving again ${((performance.now() - restartAt) / 1000).toFixed(1)} s`;
    } else if (fault === "pause" || fault === "drop") {
      proxy.set(fault === "pause" ? "paused" : "dropped");
      await sleep(outageSeconds * 1000);
      proxy.set("open");
    } else throw new Error(`unknown fault ${fault}`);
    // A killed process is down until its replacement serves; that fault ends with the kill.
    const end = fault === "kill" ? start : performance.now();
    await sleep(recoverySeconds * 1000);
    const next = performance.now();
    stop.abort();
    await running;
    console.log(`  ${fault}: load stopped; waiting for retries, the outbox relay and deliveries…`);
    await load.awaitDeliveries(30_000);
    const records = [...load.records.values()].filter((record) => record.scheduledAt >= loadStart);
    const verdict = await verify(load, records);

    const baseline = percentiles(
      records
        .filter((record) => record.ackAt !== undefined && record.scheduledAt < start)
        .map((record) => record.ackAt! - record.scheduledAt),
    );
    const threshold = Math.max(2 * baseline.p95, baseline.p95 + 20);
    const acksAfter = records.filter((record) => (record.ackAt ?? 0) > end).map((record) => record.ackAt!);
    const firstAck = acksAfter.length ? Math.min(...acksAfter) : null;
    const normalFrom = backToNormal(records, end, next, threshold);
    const statuses = tally(
      records
        .flatMap((record) => record.attempts)
        .filter((attempt) => attempt.at >= start && attempt.at < next)
        .map((attempt) => attempt.label),
    );
    const reconnects = load.agents.map((agent) => agent.states.filter((state) => state === "connected").length - 1);
    load.disconnect();
    console.log(`  ${fault}: done, load average ${loadAverage()}`);
    return {
      fault: FAULT_LABELS[fault] ?? fault,
      "baseline p50/p95": `${ms(baseline.p50)}/${ms(baseline.p95)}`,
      "statuses (fault + recovery)": formatTally(statuses),
      "end → first ack s": firstAck === null ? "none" : ((firstAck - end) / 1000).toFixed(2),
      "end → p95 normal s": normalFrom === null ? `not in ${recoverySeconds} s` : String(normalFrom + 1),
      sent: records.length,
      acked: verdict.acknowledged,
      "gave up": verdict.gaveUp,
      lost: verdict.lost,
      "acked not stored": verdict.notStored,
      "not received live": verdict.notReceivedLive,
      "gave up, stored": verdict.storedAfterGivingUp,
      "dup stored": verdict.duplicatedStored,
      "dup received (same event)": `${verdict.duplicatedReceived} (${verdict.duplicatedReceivedSameEvent})`,
      skipped: load.skipped,
      reconnects: reconnects.join(" "),
      note,
    };
  } finally {
    await app.stop();
    await proxy.close();
  }
}

console.log(
  `Send path under faults (PostgreSQL): ${visitors} visitors at ${rate} msg/s in total, ${agents} agents; ` +
    `faults ${faults.join(", ")}, each on a fresh app; ${baselineSeconds} s baseline, ${recoverySeconds} s recovery.\n` +
    `Clients retry network errors, timeouts (10 s) and 5xx with the same clientMessageId, backoff 100 ms–4 s.\n` +
    `The app runs with generous abuse limits: ` +
    Object.entries(GENEROUS_LIMITS)
      .map(([name, value]) => `${name}=${value}`)
      .join(" ") +
    `\nLoad average at start: ${loadAverage()}`,
);
const rows = [];
for (const fault of faults) rows.push(await withScratchPostgres(adminUrl, (url) => runFault(fault, url)));
console.log(
  `\n"p95 normal" = the first of two consecutive 1 s buckets of sends after the fault in which every send was ` +
    `acknowledged with p95 ≤ max(2 × baseline p95, baseline p95 + 20 ms). Times in ms unless marked s.\n`,
);
console.table(rows);
const columns = Object.keys(rows[0] ?? {});
console.log(`\n| ${columns.join(" | ")} |\n|${columns.map(() => " --- ").join("|")}|`);
for (const row of rows) console.log(`| ${columns.map((column) => row[column as keyof typeof row]).join(" | ")} |`);
const lost = rows.reduce((sum, row) => sum + row.lost, 0);
const duplicated = rows.reduce(
  (sum, row) => sum + row["dup stored"] + Number.parseInt(row["dup received (same event)"]),
  0,
);
console.log(`\nlost = 0? ${lost === 0 ? "yes" : "NO"}   duplicated = 0? ${duplicated === 0 ? "yes" : "NO"}`);
console.log(`Load average at end: ${loadAverage()}`);
