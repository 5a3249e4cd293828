import { z } from "zod";
import { EntityId } from "../message/schemas";

export const ListAuditLogInput = z.strictObject({
  /** The id of the last entry already shown; the next page starts after it. */
  cursor: EntityId.nullish(),
  limit: z.number().int().min(1).max(100).default(50),
  /** Sent by TanStack infinite queries along with the cursor; the log only pages forward. */
  direction: z.enum(["forward", "backward"]).optional(),
});
export type ListAuditLogInput = z.infer<typeof ListAuditLogInput>;
