import { listAuditLog } from "@/server/services/audit/list-audit-log";
import { ListAuditLogInput } from "@/server/services/audit/schemas";
import { adminProcedure, createTRPCRouter } from "../init";

export const auditRouter = createTRPCRouter({
  list: adminProcedure
    .input(ListAuditLogInput)
    .query(({ ctx, input }) => listAuditLog(ctx.runtime.db, ctx.agent, input)),
});
