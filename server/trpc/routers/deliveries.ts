import { listFailedDeliveries } from "@/server/services/delivery/list-failed-deliveries";
import { replayDelivery } from "@/server/services/delivery/replay-delivery";
import { ListFailedDeliveriesInput, ReplayDeliveryInput } from "@/server/services/delivery/schemas";
import { adminProcedure, createTRPCRouter } from "../init";

export const deliveriesRouter = createTRPCRouter({
  listFailed: adminProcedure
    .input(ListFailedDeliveriesInput)
    .query(({ ctx, input }) => listFailedDeliveries(ctx.runtime.db, ctx.agent.workspaceId, input)),
  replay: adminProcedure
    .input(ReplayDeliveryInput)
    .mutation(({ ctx, input }) => replayDelivery(ctx.runtime, ctx.agent, input)),
});
