import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import { afterAll, expect, it } from "vitest";

const MIGRATIONS = path.join(process.cwd(), "db", "migrations");
const scratch = mkdtempSync(path.join(tmpdir(), "switchboard-migrations-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The migrations folder as it was before per-sender client message ids. */
function migrationsBefore(tag: string): string {
  const folder = path.join(scratch, "before");
  cpSync(MIGRATIONS, folder, { recursive: true });
  const journalFile = path.join(folder, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalFile, "utf8")) as { entries: { tag: string }[] };
  const index = journal.entries.findIndex((entry) => entry.tag === tag);
  writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.slice(0, index) }));
  return folder;
}

it("keeps copies stored by earlier retries, and leaves the key only on the oldest", async () => {
  const client = new PGlite();
  const db = drizzle({ client });
  await migrate(db, { migrationsFolder: migrationsBefore("0002_sender_client_message_ids") });
  await client.exec(`
    insert into workspaces (id, name, slug) values ('ws_1', 'W', 'w');
    insert into inboxes (id, workspace_id, channel_type, name, public_token) values ('inb_1', 'ws_1', 'web_widget', 'Site', 'tok');
    insert into contacts (id, workspace_id, name) values ('ct_1', 'ws_1', 'V');
    insert into conversations (id, workspace_id, inbox_id, contact_id, status) values
      ('cnv_1', 'ws_1', 'inb_1', 'ct_1', 'resolved'), ('cnv_2', 'ws_1', 'inb_1', 'ct_1', 'open');
    insert into messages (id, workspace_id, conversation_id, seq, direction, sender_type, sender_contact_id, body, client_message_id, created_at) values
      ('msg_1', 'ws_1', 'cnv_1', 1, 'inbound', 'contact', 'ct_1', 'Hello', 'cm_retried', now() - interval '1 hour'),
      ('msg_2', 'ws_1', 'cnv_2', 1, 'inbound', 'contact', 'ct_1', 'Hello', 'cm_retried', now());
  `);

  await migrate(db, { migrationsFolder: MIGRATIONS });

  const rows = await client.query<{ id: string; client_message_id: string | null }>(
    "select id, client_message_id from messages order by id",
  );
  expect(rows.rows).toEqual([
    { id: "msg_1", client_message_id: "cm_retried" },
    { id: "msg_2", client_message_id: null },
  ]);
  await expect(
    client.exec(`insert into messages (id, workspace_id, conversation_id, seq, direction, sender_type, sender_contact_id, body, client_message_id)
      values ('msg_3', 'ws_1', 'cnv_2', 2, 'inbound', 'contact', 'ct_1', 'Hello', 'cm_retried')`),
  ).rejects.toThrow(/messages_contact_client_id_unique/);
  await client.close();
});
