import PgBoss from "pg-boss";
import type { Logger } from "pino";
import type { Database, Executor } from "@/db";
import type { OutboundChannels } from "@/server/channels/outbound";
import type { ServiceContext } from "@/server/services/context";
import { attemptDelivery, RetryableDeliveryError } from "@/server/services/delivery/attempt-delivery";
import { markDeliveryDead } from "@/server/services/delivery/mark-delivery-dead";
import {
  DEFAULT_DELIVERY_RETRIES,
  DELIVER_MESSAGE,
  DELIVER_MESSAGE_DEAD,
  DeliverMessageJob,
  type DeliveryRetryPolicy,
} from "./definitions/deliver-message";
import { bossDatabase } from "./sql-adapter";

export type JobQueueOptions = {
  /** The PostgreSQL schema pg-boss keeps its tables in. */
  schema?: string;
  retries?: DeliveryRetryPolicy;
  /** How often an idle worker looks for new jobs. */
  pollingIntervalSeconds?: number;
  /** How often expired jobs (their worker died) are failed and so retried. */
  maintenanceIntervalSeconds?: number;
};

export type WorkerOptions = JobQueueOptions & {
  outbound: OutboundChannels;
  log: Logger;
  /** False installs the queue and enqueues into it, but leaves running the jobs to other processes. */
  workers?: boolean;
};

export type JobQueue = { boss: PgBoss; schema: string; stop(): Promise<void> };

const DEFAULT_SCHEMA = "pgboss";
/** Deliveries one worker attempts at once. */
const DELIVERY_BATCH = 10;
const registry = globalThis as typeof globalThis & { __switchboardJobs?: { boss: PgBoss; schema: string } };

function createBoss(db: Database, options: JobQueueOptions): PgBoss {
  return new PgBoss({
    db: bossDatabase(db),
    schema: options.schema ?? DEFAULT_SCHEMA,
    pollingIntervalSeconds: options.pollingIntervalSeconds ?? 1,
    maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 30,
    // Queue sizes are in /metrics already; no cron schedules yet.
    schedule: false,
  });
}

/** Creates pg-boss's tables (or migrates them) and our queues; safe to run on every start. */
async function install(boss: PgBoss, retries: DeliveryRetryPolicy): Promise<void> {
  await boss.start();
  const queue = {
    retryLimit: retries.retryLimit,
    retryDelay: retries.retryDelaySeconds,
    retryBackoff: true,
    expireInSeconds: retries.expireInSeconds,
    deadLetter: DELIVER_MESSAGE_DEAD,
  };
  await boss.createQueue(DELIVER_MESSAGE_DEAD, { name: DELIVER_MESSAGE_DEAD, retryLimit: 5, retryBackoff: true });
  if (await boss.getQueue(DELIVER_MESSAGE))
    await boss.updateQueue(DELIVER_MESSAGE, { name: DELIVER_MESSAGE, ...queue });
  else await boss.createQueue(DELIVER_MESSAGE, { name: DELIVER_MESSAGE, ...queue });
}

/**
 * Starts the job queue on our database (PGlite or PostgreSQL) and its workers. Jobs are
 * enqueued with `enqueueDeliverMessage` inside the transaction that made them necessary.
 */
export async function startJobQueue(ctx: ServiceContext, options: WorkerOptions): Promise<JobQueue> {
  const schema = options.schema ?? DEFAULT_SCHEMA;
  const boss = createBoss(ctx.db, options);
  const log = options.log.child({ module: "jobs" });
  boss.on("error", (error) => log.error({ err: error }, "job queue error"));
  await install(boss, options.retries ?? DEFAULT_DELIVERY_RETRIES);
  registry.__switchboardJobs = { boss, schema };
  if (options.workers === false) return { boss, schema, stop: () => stopBoss(boss) };

  // A batch runs side by side, each job settled on its own; a full batch fetches the next at once
  // instead of waiting out the polling interval.
  const worker: { id?: string } = {};
  worker.id = await boss.work<DeliverMessageJob>(
    DELIVER_MESSAGE,
    { includeMetadata: true, batchSize: DELIVERY_BATCH },
    async (jobs) => {
      await Promise.all(
        jobs.map(async (job) => {
          try {
            const data = DeliverMessageJob.parse(job.data);
            await attemptDelivery(ctx, options.outbound, data, { finalAttempt: job.retryCount >= job.retryLimit });
          } catch (error) {
            if (!(error instanceof RetryableDeliveryError)) log.error({ err: error, jobId: job.id }, "delivery failed");
            const message = error instanceof Error ? error.message : String(error);
            await boss.fail(DELIVER_MESSAGE, job.id, { message });
          }
        }),
      );
      // Jobs not failed above are completed by pg-boss when this returns.
      if (jobs.length === DELIVERY_BATCH && worker.id) boss.notifyWorker(worker.id);
    },
  );
  await boss.work<DeliverMessageJob>(DELIVER_MESSAGE_DEAD, { batchSize: 1 }, async ([job]) => {
    if (!job) return;
    await markDeliveryDead(ctx, DeliverMessageJob.parse(job.data));
  });

  return { boss, schema, stop: () => stopBoss(boss) };
}

async function stopBoss(boss: PgBoss): Promise<void> {
  if (registry.__switchboardJobs?.boss === boss) delete registry.__switchboardJobs;
  // Jobs still running are failed now and retried by whoever starts next.
  await boss.stop({ graceful: true, timeout: 5000, wait: true });
}

let sender: { boss: PgBoss; schema: string } | undefined;

/** The started queue of this process, or one that only inserts jobs (its `db` is always a transaction). */
function currentSender(): PgBoss {
  if (registry.__switchboardJobs) return registry.__switchboardJobs.boss;
  sender ??= {
    boss: new PgBoss({
      db: {
        executeSql: () => Promise.reject(new Error("the job queue is not started; pass a transaction")),
      },
      schema: DEFAULT_SCHEMA,
    }),
    schema: DEFAULT_SCHEMA,
  };
  return sender.boss;
}

/** Enqueues a delivery in the caller's transaction: it exists exactly when the transaction commits. */
export async function enqueueDeliverMessage(tx: Executor, job: DeliverMessageJob): Promise<string> {
  const id = await currentSender().send(DELIVER_MESSAGE, job, { db: bossDatabase(tx) });
  if (!id) throw new Error(`The ${DELIVER_MESSAGE} queue is not installed in this database`);
  return id;
}
