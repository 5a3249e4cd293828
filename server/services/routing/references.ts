import { and, eq, inArray } from "drizzle-orm";
import type { Executor } from "@/db";
import { businessCalendars, inboxes, memberships, teams } from "@/db/schema";
import { InvalidInputError } from "@/server/errors";

/** Every id a routing setting names must belong to the workspace; anything else reads as unknown. */
export async function assertTeams(db: Executor, workspaceId: string, ids: string[]): Promise<void> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return;
  const found = await db
    .select({ id: teams.id })
    .from(teams)
    .where(and(eq(teams.workspaceId, workspaceId), inArray(teams.id, wanted)));
  if (found.length !== wanted.length) throw new InvalidInputError("A rule names a team that does not exist");
}

export async function assertMembers(db: Executor, workspaceId: string, ids: string[]): Promise<void> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return;
  const found = await db
    .select({ id: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), inArray(memberships.userId, wanted)));
  if (found.length !== wanted.length) throw new InvalidInputError("That person is not a member of this workspace");
}

export async function assertCalendar(db: Executor, workspaceId: string, id: string | null): Promise<void> {
  if (!id) return;
  const [found] = await db
    .select({ id: businessCalendars.id })
    .from(businessCalendars)
    .where(and(eq(businessCalendars.workspaceId, workspaceId), eq(businessCalendars.id, id)));
  if (!found) throw new InvalidInputError("That business-hours calendar does not exist");
}

export async function assertInboxes(db: Executor, workspaceId: string, ids: string[]): Promise<void> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return;
  const found = await db
    .select({ id: inboxes.id })
    .from(inboxes)
    .where(and(eq(inboxes.workspaceId, workspaceId), inArray(inboxes.id, wanted)));
  if (found.length !== wanted.length) throw new InvalidInputError("A rule names an inbox that does not exist");
}
