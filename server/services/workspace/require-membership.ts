import { and, count, eq, isNull, ne } from "drizzle-orm";
import type { Executor } from "@/db";
import { memberships } from "@/db/schema";
import { ConflictError, NotFoundError } from "@/server/errors";

export type MembershipRow = typeof memberships.$inferSelect;

/** A member of this workspace, locked for the change about to be made; another workspace's is "not found". */
export async function requireMembership(db: Executor, workspaceId: string, userId: string): Promise<MembershipRow> {
  const [row] = await db
    .select()
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)))
    .for("update");
  if (!row) throw new NotFoundError("Member not found");
  return row;
}

/** A workspace always keeps one active admin, so nobody can lock everyone out of its settings. */
export async function assertAnotherActiveAdmin(db: Executor, membership: MembershipRow): Promise<void> {
  if (membership.role !== "admin" || membership.deactivatedAt) return;
  const [others] = await db
    .select({ n: count() })
    .from(memberships)
    .where(
      and(
        eq(memberships.workspaceId, membership.workspaceId),
        eq(memberships.role, "admin"),
        isNull(memberships.deactivatedAt),
        ne(memberships.userId, membership.userId),
      ),
    );
  if (!others?.n) throw new ConflictError("A workspace needs at least one active admin");
}
