import type { Executor } from "@/db";
import { auditLog } from "@/db/schema";

export type AuditEntry = {
  workspaceId: string;
  actorUserId: string | null;
  action: string;
  targetType: string;
  targetId: string;
  /** What changed; never secrets (say that a secret was rotated, not what it is). */
  details?: Record<string, unknown>;
};

/** Records a configuration change; call it inside the transaction that made the change. */
export async function recordAudit(tx: Executor, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({ ...entry, details: entry.details ?? {} });
}
