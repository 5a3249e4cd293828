import { and, asc, eq, isNull } from "drizzle-orm";
import type { Executor } from "@/db";
import { memberships, users, type MembershipRole } from "@/db/schema";
import { verifyPassword } from "@/server/auth/password";

export type SignedInAgent = { userId: string; email: string; name: string; workspaceId: string; role: MembershipRole };

// A real bcrypt hash (of a random password) at the same cost as stored ones.
const DUMMY_HASH = "$2b$11$8ON2LHCVCX23GoTG0ywv6OvrSq7r4KbKuIcmiZ/rLB0PdJzPv9fRm";

/**
 * Checks an email and password; returns null for every kind of failure so a caller cannot
 * tell unknown emails from wrong passwords, by answer or by time: an unknown email is
 * checked against a dummy hash. A user signs in to their first active workspace.
 */
export async function verifyCredentials(db: Executor, email: string, password: string): Promise<SignedInAgent | null> {
  const [user] = await db.select().from(users).where(eq(users.email, email.trim().toLowerCase()));
  const matches = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !matches) return null;
  const [membership] = await db
    .select({ workspaceId: memberships.workspaceId, role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.userId, user.id), isNull(memberships.deactivatedAt)))
    .orderBy(asc(memberships.createdAt))
    .limit(1);
  if (!membership) return null;
  return { userId: user.id, email: user.email, name: user.name, ...membership };
}
