import { asc, eq } from "drizzle-orm";
import type { Executor } from "@/db";
import { memberships, users, type MembershipRole } from "@/db/schema";
import { verifyPassword } from "@/server/auth/password";

export type SignedInAgent = { userId: string; email: string; name: string; workspaceId: string; role: MembershipRole };

/**
 * Checks an email and password; returns null for every kind of failure so a caller cannot
 * tell unknown emails from wrong passwords. A user signs in to their first workspace.
 */
export async function verifyCredentials(db: Executor, email: string, password: string): Promise<SignedInAgent | null> {
  const [user] = await db.select().from(users).where(eq(users.email, email.trim().toLowerCase()));
  if (!user || !(await verifyPassword(password, user.passwordHash))) return null;
  const [membership] = await db
    .select({ workspaceId: memberships.workspaceId, role: memberships.role })
    .from(memberships)
    .where(eq(memberships.userId, user.id))
    .orderBy(asc(memberships.createdAt))
    .limit(1);
  if (!membership) return null;
  return { userId: user.id, email: user.email, name: user.name, ...membership };
}
