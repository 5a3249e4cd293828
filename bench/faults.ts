/**
 * Faults under load on PostgreSQL: while visitors send at a moderate rate (retrying with
 * the same clientMessageId on network errors and 5xx, with backoff, as the widget does),
 * the app is killed with SIGKILL and restarted on the same data, and PostgreSQL is made
 * unreachable through a TCP proxy the benchmark runs between the app and the server.
 *
 * Usage: BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:faults --
 *   [--visitors 20] [--agents 2] [--rate 100] [--faults kill,pause,drop] [--outage 20]
 *   [--baseline 15] [--recovery 30]
 */
import { startApp } from "./app-process";
import { GENEROUS_LIMITS, SendPathLoad, verify, type SendRecord } from "./load-engine";
import { withScratchPostgres } from "./scratch-postgres";
import { formatTally, loadAverage, ms, option, percentiles, tally } from "./stats";
import { TcpProxy } from "./tcp-proxy";

const visitors = Number(option("visitors", "20"));
const agents = Number(option("agents", "2"));
const rate = Number(option("rate", "100"));
const faults = option("faults", "kill,pause,drop").split(",");
const outageSeconds = Number(option("outage", "20"));
const baselineSeconds = Number(option("baseline", "15"));
const recoverySeconds = Number(option("recovery", "30"));
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

type FaultWindow = { fault: string; start: number; end: number; next: number; note: string };

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

async function run(databaseUrl: string) {
  const real = new URL(databaseUrl);
  const proxy = new TcpProxy({ host: real.hostname, port: Number(real.port || 5432) }, proxyPort);
  await proxy.listen();
  const viaProxy = new URL(databaseUrl);
  viaProxy.hostname = "127.0.0.1";
  viaProxy.port = String(proxyPort);
  const app = await startApp(appPort, { ...GENEROUS_LIMITS, DATABASE_URL: viaProxy.toString() });
  const windows: FaultWindow[] = [];
  try {
    const load = new SendPathLoad({ origin: app.origin, port: appPort, visitors, agents });
    await load.setUp();
    const stop = new AbortController();
    const loadStart = performance.now();
    const running = load.openLoop(rate, 24 * 3600, 5_000, stop.signal);
    await sleep(baselineSeconds * 1000);
    for (const fault of faults) {
      const start = performance.now();
      let note = "";
      if (fault === "kill") {
        await app.kill();
        const restartAt = performance.now();
        await app.restart();
        note = `process dead → serving again in ${((performance.now() - restartAt) / 1000).toFixed(1)} s`;
      } else if (fault === "pause" || fault === "drop") {
        proxy.set(fault === "pause" ? "paused" : "dropped");
        await sleep(outageSeconds * 1000);
        proxy.set("open");
      } else throw new Error(`unknown fault ${fault}`);
      // A killed process is down until the replacement serves; the fault ends when it was started.
      const end = fault === "kill" ? start : performance.now();
      windows.push({ fault, start, end, next: 0, note });
      console.log(`  ${fault}: done (${note || `${outageSeconds} s`}), load average ${loadAverage()}`);
      await sleep(recoverySeconds * 1000);
      windows.at(-1)!.next = performance.now();
    }
    stop.abort();
    await running;
    console.log("  load stopped; waiting for retries, the outbox relay and deliveries…");
    await load.awaitDeliveries(30_000);
    const records = [...load.records.values()].filter((record) => record.scheduledAt >= loadStart);
    const verdict = await verify(load, records);

    const baseline = percentiles(
      records
        .filter((record) => record.ackAt !== undefined && record.scheduledAt < (windows[0]?.start ?? Infinity))
        .map((record) => record.ackAt! - record.scheduledAt),
    );
    const threshold = Math.max(2 * baseline.p95, baseline.p95 + 20);
    const rows = windows.map((window) => {
      const firstAck = Math.min(
        ...records.filter((record) => (record.ackAt ?? 0) > window.end).map((record) => record.ackAt!),
      );
      const normalFrom = backToNormal(records, window.end, window.next, threshold);
      const statuses = tally(
        records
          .flatMap((record) => record.attempts)
          .filter((attempt) => attempt.at >= window.start && attempt.at < window.next)
          .map((attempt) => attempt.label),
      );
      return {
        fault: FAULT_LABELS[window.fault] ?? window.fault,
        "statuses (fault + recovery)": formatTally(statuses),
        "end → first ack s": ((firstAck - window.end) / 1000).toFixed(2),
        "end → p95 normal s": normalFrom === null ? `not within ${recoverySeconds} s` : String(normalFrom + 1),
        note: window.note,
      };
    });
    const reconnects = load.agents.map((agent) => agent.states.filter((state) => state === "connected").length - 1);
    load.disconnect();
    return { rows, verdict, baseline, threshold, reconnects, skipped: load.skipped, sent: records.length };
  } finally {
    await app.stop();
    await proxy.close();
  }
}

console.log(
  `Send path under faults (PostgreSQL): ${visitors} visitors at ${rate} msg/s in total, ${agents} agents; ` +
    `faults ${faults.join(", ")}; ${baselineSeconds} s baseline, ${recoverySeconds} s recovery after each.\n` +
    `Clients retry network errors, timeouts (10 s) and 5xx with the same clientMessageId, backoff 100 ms–4 s.\n` +
    `The app runs with generous abuse limits: ` +
    Object.entries(GENEROUS_LIMITS)
      .map(([name, value]) => `${name}=${value}`)
      .join(" ") +
    `\nLoad average at start: ${loadAverage()}`,
);
const result = await withScratchPostgres(adminUrl, run);
console.log(
  `\nBaseline before the first fault: send p50 ${ms(result.baseline.p50)} ms, p95 ${ms(result.baseline.p95)} ms; ` +
    `"p95 normal" = two consecutive 1 s buckets, all acknowledged, p95 ≤ ${ms(result.threshold)} ms.\n`,
);
console.table(result.rows);
const v = result.verdict;
console.table([
  {
    sent: result.sent,
    acknowledged: v.acknowledged,
    "gave up": v.gaveUp,
    "lost (acked, not received, not stored)": v.lost,
    "acked not stored": v.notStored,
    "acked not received live": v.notReceivedLive,
    "given up yet stored": v.storedAfterGivingUp,
    "dup stored": v.duplicatedStored,
    "dup received (same event)": `${v.duplicatedReceived} (${v.duplicatedReceivedSameEvent})`,
    "skipped (in-flight bound)": result.skipped,
    "agent reconnects": result.reconnects.join(" "),
  },
]);
console.log(
  `lost = 0? ${v.lost === 0 ? "yes" : "NO"}   duplicated = 0? ${v.duplicatedStored + v.duplicatedReceived === 0 ? "yes" : "NO"}`,
);
console.log(`Load average at end: ${loadAverage()}`);
