import {
  ListWidgetMessagesInput,
  MarkWidgetReadInput,
  WidgetQueueInput,
  SendWidgetMessageInput,
  StartWidgetSessionInput,
} from "@/server/services/widget/schemas";
import { getWidgetQueueStatus } from "@/server/services/widget/get-widget-queue-status";
import { listWidgetMessages } from "@/server/services/widget/list-widget-messages";
import { markWidgetRead } from "@/server/services/widget/mark-widget-read";
import { sendWidgetMessage } from "@/server/services/widget/send-widget-message";
import { startWidgetSession } from "@/server/services/widget/start-widget-session";
import { createTRPCRouter, widgetProcedure } from "../init";

export const widgetRouter = createTRPCRouter({
  session: widgetProcedure
    .input(StartWidgetSessionInput)
    .mutation(({ ctx, input }) => startWidgetSession(ctx.runtime, { clientAddress: ctx.clientAddress }, input)),
  messages: widgetProcedure
    .input(ListWidgetMessagesInput)
    .query(({ ctx, input }) => listWidgetMessages(ctx.runtime, input)),
  queue: widgetProcedure.input(WidgetQueueInput).query(({ ctx, input }) => getWidgetQueueStatus(ctx.runtime, input)),
  markRead: widgetProcedure.input(MarkWidgetReadInput).mutation(({ ctx, input }) => markWidgetRead(ctx.runtime, input)),
  send: widgetProcedure
    .input(SendWidgetMessageInput)
    .mutation(({ ctx, input }) => sendWidgetMessage(ctx.runtime, { clientAddress: ctx.clientAddress }, input)),
});
