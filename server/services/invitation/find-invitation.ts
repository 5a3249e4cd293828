import { eq } from "drizzle-orm";
import type { Executor } from "@/db";
import { invitations, workspaces } from "@/db/schema";
import { NotFoundError } from "@/server/errors";
import { hashInvitationToken } from "./invitation-token";
import type { InvitationLookup } from "./schemas";

const UNUSABLE = "This invitation link is not valid any more. Ask your admin for a new one.";

/** What the person holding a link may see before accepting: the workspace, their email and role. */
export async function findInvitation(db: Executor, input: InvitationLookup, now = new Date()) {
  const [row] = await db
    .select({
      invitationId: invitations.id,
      workspaceId: invitations.workspaceId,
      workspaceName: workspaces.name,
      email: invitations.email,
      role: invitations.role,
      expiresAt: invitations.expiresAt,
      acceptedAt: invitations.acceptedAt,
      revokedAt: invitations.revokedAt,
    })
    .from(invitations)
    .innerJoin(workspaces, eq(workspaces.id, invitations.workspaceId))
    .where(eq(invitations.tokenHash, hashInvitationToken(input.token)));
  if (!row || row.acceptedAt || row.revokedAt || row.expiresAt <= now) throw new NotFoundError(UNUSABLE);
  return row;
}
