import { z } from "zod";
import { membershipRole } from "@/db/schema";
import { NewPassword } from "../account/schemas";

export const INVITATION_TTL_DAYS = 7;

const Email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "That email address is too long")
  .pipe(z.email({ error: "Enter a valid email address" }));

export const InviteMemberInput = z.strictObject({
  email: Email,
  role: z.enum(membershipRole.enumValues, { error: "Role must be agent, supervisor or admin" }),
});
export type InviteMemberInput = z.infer<typeof InviteMemberInput>;

export const InvitationRef = z.strictObject({ invitationId: z.string().min(1).max(64) });
export type InvitationRef = z.infer<typeof InvitationRef>;

/** The secret part of an invitation link: 32 random bytes, base64url. */
export const InvitationToken = z
  .string({ error: "This invitation link is not valid" })
  .regex(/^[A-Za-z0-9_-]{43}$/, "This invitation link is not valid");

export const InvitationLookup = z.strictObject({ token: InvitationToken });
export type InvitationLookup = z.infer<typeof InvitationLookup>;

export const AcceptInvitationInput = z.strictObject({
  token: InvitationToken,
  name: z.string().trim().min(1, "Enter your name").max(100, "Use at most 100 characters for your name"),
  password: NewPassword,
});
export type AcceptInvitationInput = z.infer<typeof AcceptInvitationInput>;
