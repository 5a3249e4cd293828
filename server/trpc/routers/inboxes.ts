import { createInbox } from "@/server/services/inbox/create-inbox";
import { getInbox } from "@/server/services/inbox/get-inbox";
import { listInboxes } from "@/server/services/inbox/list-inboxes";
import { rotateIdentitySecret } from "@/server/services/inbox/rotate-identity-secret";
import { rotateWebhookSecret } from "@/server/services/inbox/rotate-webhook-secret";
import { CreateInboxInput, InboxIdInput, ListInboxesInput, UpdateInboxInput } from "@/server/services/inbox/schemas";
import { updateInbox } from "@/server/services/inbox/update-inbox";
import { adminProcedure, createTRPCRouter } from "../init";

/** Inbox administration; secrets leave the server only in the create and rotate responses. */
export const inboxesRouter = createTRPCRouter({
  list: adminProcedure.input(ListInboxesInput).query(({ ctx }) => listInboxes(ctx.runtime.db, ctx.agent)),
  get: adminProcedure.input(InboxIdInput).query(({ ctx, input }) => getInbox(ctx.runtime.db, ctx.agent, input)),
  create: adminProcedure
    .input(CreateInboxInput)
    .mutation(({ ctx, input }) => createInbox(ctx.runtime.db, ctx.agent, input)),
  update: adminProcedure
    .input(UpdateInboxInput)
    .mutation(({ ctx, input }) => updateInbox(ctx.runtime.db, ctx.agent, input)),
  rotateIdentitySecret: adminProcedure
    .input(InboxIdInput)
    .mutation(({ ctx, input }) => rotateIdentitySecret(ctx.runtime.db, ctx.agent, input)),
  rotateWebhookSecret: adminProcedure
    .input(InboxIdInput)
    .mutation(({ ctx, input }) => rotateWebhookSecret(ctx.runtime.db, ctx.agent, input)),
});
