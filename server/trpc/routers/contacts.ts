import { dismissDuplicate } from "@/server/services/contact/dismiss-duplicate";
import { getContact } from "@/server/services/contact/get-contact";
import { listContactMerges } from "@/server/services/contact/list-contact-merges";
import { listDuplicateSuggestions } from "@/server/services/contact/list-duplicate-suggestions";
import { mergeContactsByAgent } from "@/server/services/contact/merge-contacts-by-agent";
import {
  ContactIdInput,
  DismissDuplicateInput,
  MergeContactsByAgentInput,
  UndoContactMergeInput,
} from "@/server/services/contact/schemas";
import { undoContactMerge } from "@/server/services/contact/undo-contact-merge";
import { StartConversationInput } from "@/server/services/conversation/schemas";
import { startConversation } from "@/server/services/conversation/start-conversation";
import { agentProcedure, createTRPCRouter } from "../init";

export const contactsRouter = createTRPCRouter({
  get: agentProcedure
    .input(ContactIdInput)
    .query(({ ctx, input }) => getContact(ctx.runtime.db, ctx.agent, input.contactId)),
  duplicates: agentProcedure
    .input(ContactIdInput)
    .query(({ ctx, input }) => listDuplicateSuggestions(ctx.runtime.db, ctx.agent, input.contactId)),
  merges: agentProcedure
    .input(ContactIdInput)
    .query(({ ctx, input }) => listContactMerges(ctx.runtime.db, ctx.agent, input.contactId)),
  merge: agentProcedure
    .input(MergeContactsByAgentInput)
    .mutation(({ ctx, input }) => mergeContactsByAgent(ctx.runtime, ctx.agent, input)),
  undoMerge: agentProcedure
    .input(UndoContactMergeInput)
    .mutation(({ ctx, input }) => undoContactMerge(ctx.runtime, ctx.agent, input)),
  dismissDuplicate: agentProcedure
    .input(DismissDuplicateInput)
    .mutation(({ ctx, input }) => dismissDuplicate(ctx.runtime, ctx.agent, input)),
  startConversation: agentProcedure
    .input(StartConversationInput)
    .mutation(({ ctx, input }) => startConversation(ctx.runtime, ctx.agent, input)),
});
