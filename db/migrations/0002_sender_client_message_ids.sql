DROP INDEX "messages_conversation_client_id_unique";--> statement-breakpoint
-- Copies stored by retries before the key was per sender keep their text; only the oldest keeps the key.
UPDATE "messages" AS m SET "client_message_id" = NULL
FROM (
  SELECT "id", row_number() OVER (
    PARTITION BY "workspace_id", "sender_contact_id", "client_message_id" ORDER BY "created_at", "id"
  ) AS "copy"
  FROM "messages" WHERE "client_message_id" IS NOT NULL AND "sender_contact_id" IS NOT NULL
) AS d
WHERE m."id" = d."id" AND d."copy" > 1;--> statement-breakpoint
UPDATE "messages" AS m SET "client_message_id" = NULL
FROM (
  SELECT "id", row_number() OVER (
    PARTITION BY "workspace_id", "sender_user_id", "client_message_id" ORDER BY "created_at", "id"
  ) AS "copy"
  FROM "messages" WHERE "client_message_id" IS NOT NULL AND "sender_user_id" IS NOT NULL
) AS d
WHERE m."id" = d."id" AND d."copy" > 1;--> statement-breakpoint
CREATE UNIQUE INDEX "messages_contact_client_id_unique" ON "messages" USING btree ("workspace_id","sender_contact_id","client_message_id") WHERE "messages"."client_message_id" is not null and "messages"."sender_contact_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "messages_user_client_id_unique" ON "messages" USING btree ("workspace_id","sender_user_id","client_message_id") WHERE "messages"."client_message_id" is not null and "messages"."sender_user_id" is not null;
