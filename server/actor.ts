import type { MembershipRole } from "@/db/schema";

/** Who performs an action; services take one so audit and routing know the source. */
export type AgentActor = { kind: "agent"; workspaceId: string; userId: string; role: MembershipRole };
export type ContactActor = { kind: "contact"; workspaceId: string; contactId: string; inboxId: string };
export type SystemActor = { kind: "system"; workspaceId: string; reason: string };
export type Actor = AgentActor | ContactActor | SystemActor;

const ROLE_RANK: Record<MembershipRole, number> = { agent: 1, supervisor: 2, admin: 3 };

export function hasRole(actor: AgentActor, atLeast: MembershipRole): boolean {
  return ROLE_RANK[actor.role] >= ROLE_RANK[atLeast];
}
