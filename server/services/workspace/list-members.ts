import { asc, eq } from "drizzle-orm";
import type { Executor } from "@/db";
import { memberships, users, type MembershipRole } from "@/db/schema";
import type { AgentActor } from "@/server/actor";

export type MemberView = {
  userId: string;
  name: string;
  email: string;
  avatarUrl: string | null;
  role: MembershipRole;
  active: boolean;
};

/** The people of the actor's workspace, for assignee pickers and the people settings. */
export async function listMembers(db: Executor, actor: AgentActor): Promise<MemberView[]> {
  const rows = await db
    .select({
      userId: users.id,
      name: users.name,
      email: users.email,
      avatarUrl: users.avatarUrl,
      role: memberships.role,
      deactivatedAt: memberships.deactivatedAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.workspaceId, actor.workspaceId))
    .orderBy(asc(users.name));
  return rows.map(({ deactivatedAt, ...member }) => ({ ...member, active: deactivatedAt === null }));
}
