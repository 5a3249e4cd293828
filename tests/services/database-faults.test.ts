import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "@/db";
import { messages } from "@/db/schema";
import { responseMeta } from "@/server/trpc/response-meta";
import { checkHealth } from "@/server/services/system/check-health";
import { callerFor } from "../support/caller";
import { clientId, createVisitor, createWorkspace, recordingDispatcher } from "../support/factories";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy";
import { expectFailure } from "../support/trpc-error";
import { TRPCError } from "@trpc/server";

const postgresUrl = inject("postgresUrl");
const STATEMENT_SECONDS = 2;
const ACQUIRE_SECONDS = 1;
/** The most a request may wait on a frozen database: a pooled connection, then an answer (+ grace). */
const WORST_CASE_MS = (ACQUIRE_SECONDS + STATEMENT_SECONDS + 1) * 1000 + 1500;

// A frozen network is a PostgreSQL concern: the embedded database runs in-process.
describe.skipIf(!postgresUrl)("a frozen or restarting PostgreSQL (through a TCP proxy)", () => {
  let proxy: TcpProxy;
  let direct: DatabaseHandle;
  let proxied: DatabaseHandle;

  beforeAll(async () => {
    const url = new URL(postgresUrl!);
    proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
    direct = await openDatabase({ driver: "postgres", url: postgresUrl!, maxConnections: 2 });
    proxied = await openDatabase({
      driver: "postgres",
      url: proxy.urlFor(postgresUrl!),
      maxConnections: 3,
      timeouts: { connectSeconds: 2, statementSeconds: STATEMENT_SECONDS, acquireSeconds: ACQUIRE_SECONDS },
    });
  });
  afterAll(async () => {
    proxy.thaw();
    await proxied.close();
    await direct.close();
    await proxy.close();
  });

  it("answers a send with 503 within the bound, reports not ready, and stores the retried send exactly once after", async () => {
    const ws = await createWorkspace(direct.db);
    const visitor = await createVisitor(direct.db, ws);
    const widget = callerFor(proxied.db, recordingDispatcher(), null);
    await widget.widget.send({ ...visitor, body: "Before the outage", clientMessageId: clientId() });
    // The run's database is shared with other suites, whose recorded events may count as lag: the database part matters here.
    expect(await checkHealth(proxied.db)).toMatchObject({ database: "ok", status: expect.not.stringMatching("down") });

    proxy.freeze();
    const key = clientId();
    const started = Date.now();
    const send = widget.widget.send({ ...visitor, body: "During the outage", clientMessageId: key });
    let thrown: unknown;
    await send.catch((error: unknown) => (thrown = error));
    const waited = Date.now() - started;
    expect(waited).toBeLessThan(WORST_CASE_MS);
    const failure = await expectFailure(Promise.reject(thrown), "SERVICE_UNAVAILABLE", /nothing was lost, try again/);
    expect(failure.httpStatus).toBe(503);
    expect(responseMeta({ errors: [thrown as TRPCError] }).headers?.get("Retry-After")).toMatch(/^\d+$/);

    const probeStarted = Date.now();
    const health = await checkHealth(proxied.db);
    expect(health).toMatchObject({ status: "down", database: "down" });
    expect(Date.now() - probeStarted).toBeLessThan(2000);

    // Several requests at once, more than the pool holds: every one is answered in bounded time.
    const burstStarted = Date.now();
    const burst = await Promise.allSettled(
      Array.from({ length: 6 }, () => widget.widget.send({ ...visitor, body: "Burst", clientMessageId: clientId() })),
    );
    expect(burst.every((outcome) => outcome.status === "rejected")).toBe(true);
    expect(Date.now() - burstStarted).toBeLessThan(WORST_CASE_MS);

    proxy.thaw();
    await expect.poll(async () => (await checkHealth(proxied.db)).database, { timeout: 5000 }).toBe("ok");
    const retried = await widget.widget.send({ ...visitor, body: "During the outage", clientMessageId: key });
    const again = await widget.widget.send({ ...visitor, body: "During the outage", clientMessageId: key });
    const stored = await direct.db.select().from(messages).where(eq(messages.clientMessageId, key));
    expect(stored).toHaveLength(1);
    expect(retried.message.id).toBe(stored[0]!.id);
    expect(again).toMatchObject({ created: false, message: { id: stored[0]!.id } });
  });

  it("recovers from every connection being dropped (a restart) without a 500", async () => {
    const ws = await createWorkspace(direct.db);
    const visitor = await createVisitor(direct.db, ws);
    const widget = callerFor(proxied.db, recordingDispatcher(), null);
    await widget.widget.send({ ...visitor, body: "One", clientMessageId: clientId() });

    proxy.dropAll();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 3 }, (_, i) =>
        widget.widget.send({ ...visitor, body: `After ${i}`, clientMessageId: clientId() }),
      ),
    );
    for (const outcome of outcomes) {
      if (outcome.status === "rejected") {
        const failure = await expectFailure(Promise.reject(outcome.reason), "SERVICE_UNAVAILABLE");
        expect(failure.httpStatus).toBe(503);
      }
    }
    const later = await widget.widget.send({ ...visitor, body: "Later", clientMessageId: clientId() });
    expect(later.created).toBe(true);
  });
});
