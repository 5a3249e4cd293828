import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db";
import { runTransaction } from "@/db/run-transaction";
import { DatabaseTimeoutError } from "@/db/transient-errors";
import { workspaces } from "@/db/schema";
import { openTestDatabase, testDriver } from "../support/database";
import { createWorkspace } from "../support/factories";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(() => handle.close());

const failure = (code: string) => Object.assign(new Error(`failure ${code}`), { code });

describe(`runTransaction retries once where safe (${testDriver()})`, () => {
  it("runs the whole transaction again after a server-side rollback, keeping only the second run's writes", async () => {
    const ws = await createWorkspace(handle.db);
    let runs = 0;
    const retried: unknown[] = [];
    const name = await runTransaction(
      handle.db,
      async (tx) => {
        runs++;
        await tx
          .update(workspaces)
          .set({ name: `Run ${runs}` })
          .where(eq(workspaces.id, ws.workspaceId));
        if (runs === 1) throw failure("40001");
        return `Run ${runs}`;
      },
      { onRetry: (error) => retried.push(error) },
    );
    expect(runs).toBe(2);
    expect(retried).toHaveLength(1);
    const [row] = await handle.db.select().from(workspaces).where(eq(workspaces.id, ws.workspaceId));
    expect(row?.name).toBe(name);
  });

  it("gives up after the second transient failure", async () => {
    let runs = 0;
    const run = runTransaction(handle.db, async () => {
      runs++;
      throw failure("ECONNRESET");
    });
    await expect(run).rejects.toMatchObject({ code: "ECONNRESET" });
    expect(runs).toBe(2);
  });

  it("does not repeat a timeout (it would only double the wait) or a bug", async () => {
    for (const error of [new DatabaseTimeoutError("answer", 1), failure("23505"), new Error("bug")]) {
      let runs = 0;
      await expect(
        runTransaction(handle.db, async () => {
          runs++;
          throw error;
        }),
      ).rejects.toBe(error);
      expect(runs).toBe(1);
    }
  });
});
