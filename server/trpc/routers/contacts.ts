import { z } from "zod";
import { getContact } from "@/server/services/contact/get-contact";
import { EntityId } from "@/server/services/message/schemas";
import { agentProcedure, createTRPCRouter } from "../init";

export const contactsRouter = createTRPCRouter({
  get: agentProcedure
    .input(z.strictObject({ contactId: EntityId }))
    .query(({ ctx, input }) => getContact(ctx.runtime.db, ctx.agent, input.contactId)),
});
