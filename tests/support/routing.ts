import { eq } from "drizzle-orm";
import type { Database } from "@/db";
import {
  agentRoutingProfiles,
  contacts,
  conversations,
  inboxes,
  memberships,
  teamMembers,
  teamRouting,
  teams,
  users,
} from "@/db/schema";
import type { AgentActor } from "@/server/actor";
import type { TestWorkspace } from "./factories";

export type Agent = { userId: string; actor: AgentActor };

export async function addAgents(
  db: Database,
  ws: TestWorkspace,
  count: number,
  profile: { capacity: number; skills?: string[]; online?: boolean },
) {
  const tag = Math.random().toString(36).slice(2, 8);
  const created = await db
    .insert(users)
    .values(
      Array.from({ length: count }, (_, i) => ({
        email: `a${i}-${tag}@example.test`,
        name: `Agent ${i} ${tag}`,
        passwordHash: "x",
      })),
    )
    .returning();
  await db
    .insert(memberships)
    .values(created.map((user) => ({ workspaceId: ws.workspaceId, userId: user.id, role: "agent" as const })));
  await db.insert(agentRoutingProfiles).values(
    created.map((user) => ({
      workspaceId: ws.workspaceId,
      userId: user.id,
      capacity: profile.capacity,
      skills: profile.skills ?? [],
      availability: profile.online === false ? ("offline" as const) : ("online" as const),
    })),
  );
  return created.map((user): Agent => ({
    userId: user.id,
    actor: { kind: "agent", workspaceId: ws.workspaceId, userId: user.id, role: "agent" },
  }));
}

export async function addTeam(
  db: Database,
  ws: TestWorkspace,
  agents: Agent[],
  strategy: "round_robin" | "least_busy" | "manual",
) {
  const [team] = await db
    .insert(teams)
    .values({ workspaceId: ws.workspaceId, name: `Team ${Math.random()}` })
    .returning();
  await db.insert(teamRouting).values({ teamId: team!.id, workspaceId: ws.workspaceId, strategy });
  if (agents.length)
    await db
      .insert(teamMembers)
      .values(agents.map((a) => ({ workspaceId: ws.workspaceId, teamId: team!.id, userId: a.userId })));
  await db.update(inboxes).set({ defaultTeamId: team!.id }).where(eq(inboxes.id, ws.inboxId));
  return team!.id;
}

export async function newConversations(db: Database, ws: TestWorkspace, count: number) {
  const [contact] = await db.insert(contacts).values({ workspaceId: ws.workspaceId, name: "Customer" }).returning();
  const rows = await db
    .insert(conversations)
    .values(
      Array.from({ length: count }, () => ({
        workspaceId: ws.workspaceId,
        inboxId: ws.inboxId,
        contactId: contact!.id,
      })),
    )
    .returning({ id: conversations.id });
  return rows.map((row) => row.id);
}

export async function addTeamMember(db: Database, ws: TestWorkspace, teamId: string, userId: string) {
  await db.insert(teamMembers).values({ workspaceId: ws.workspaceId, teamId, userId });
}
