/**
 * A delivery worker in its own process, so a test can kill it mid-request (SIGKILL) and start
 * another. Usage: node --import tsx tests/support/delivery-worker.ts <postgres-url | pglite-dir> <schema>
 */
import pino from "pino";
import { openDatabase } from "@/db";
import { outboundChannels } from "@/server/channels/outbound";
import { startJobQueue } from "@/server/jobs/queue";

const [target, schema] = process.argv.slice(2);
if (!target || !schema) throw new Error("usage: delivery-worker <database> <schema>");
const handle = await openDatabase(
  target.startsWith("postgres")
    ? { driver: "postgres", url: target, maxConnections: 3 }
    : { driver: "pglite", dataDir: target },
);
const queue = await startJobQueue(
  { db: handle.db, dispatcher: { dispatch: async () => {} } },
  {
    schema,
    // A job whose worker died is failed after 3 s and retried by the next worker.
    retries: { retryLimit: 3, retryDelaySeconds: 1, expireInSeconds: 3 },
    pollingIntervalSeconds: 0.5,
    maintenanceIntervalSeconds: 1,
    log: pino({ level: "silent" }),
    outbound: outboundChannels({ allowLoopback: true, callbackTimeoutSeconds: 30 }),
  },
);
process.stdout.write("ready\n");
process.once("SIGTERM", () => {
  void queue
    .stop()
    .then(() => handle.close())
    .then(() => process.exit(0));
});
