/**
 * The bare-transaction floor: one transaction that inserts a message row and an outbox
 * event row, nothing else — no HTTP, no tRPC, no auth, no locks, no realtime. It runs on
 * scratch copies of the app's tables (same columns, types and indexes, no foreign keys),
 * made with the app's own db/ module and migrations, so it never touches the app's rows.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { openDatabase, type DatabaseTarget } from "@/db";

const SCRATCH = [
  "drop table if exists bench_floor_messages",
  "drop table if exists bench_floor_events",
  "create table bench_floor_messages (like messages including all)",
  "create table bench_floor_events (like events including all)",
  // The copied default would draw ids from the app's own outbox sequence.
  "create sequence bench_floor_events_id_seq owned by bench_floor_events.id",
  "alter table bench_floor_events alter column id set default nextval('bench_floor_events_id_seq')",
];

const DROP = ["drop table if exists bench_floor_messages", "drop table if exists bench_floor_events"];

/** `target` null: a throwaway embedded database in a temporary directory, like the app's. */
export async function measureFloor(target: DatabaseTarget | null, count: number): Promise<number[]> {
  const dataDir = target ? null : mkdtempSync(path.join(tmpdir(), "switchboard-floor-"));
  const handle = await openDatabase(target ?? { driver: "pglite", dataDir: path.join(dataDir!, "pglite") });
  const samples: number[] = [];
  try {
    for (const statement of SCRATCH) await handle.db.execute(sql.raw(statement));
    const payload = JSON.stringify({
      message: { id: "msg_floor", body: "Load message", direction: "inbound", seq: 0 },
      conversation: { id: "cnv_floor", lastSeq: 0, unreadCount: 1, lastMessagePreview: "Load message" },
    });
    for (let i = 0; i < count; i++) {
      const start = performance.now();
      await handle.db.transaction(async (tx) => {
        await tx.execute(sql`
          insert into bench_floor_messages
            (id, workspace_id, conversation_id, seq, direction, sender_type, body, client_message_id, delivery_status)
          values (${`msg_floor${i}_${start}`}, 'ws_floor', 'cnv_floor', ${i}, 'inbound', 'contact',
                  ${`Load message ${i}`}, ${`floor-${i}-${start}`}, 'delivered')
          returning *`);
        await tx.execute(sql`
          insert into bench_floor_events (workspace_id, type, conversation_id, payload)
          values ('ws_floor', 'message.created', 'cnv_floor', ${payload}::jsonb)
          returning *`);
      });
      samples.push(performance.now() - start);
    }
  } finally {
    for (const statement of DROP) await handle.db.execute(sql.raw(statement)).catch(() => {});
    await handle.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
  return samples;
}
