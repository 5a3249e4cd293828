import { z } from "zod";
import { membershipRole } from "@/db/schema";

export const MemberRef = z.strictObject({ userId: z.string().min(1).max(64) });
export type MemberRef = z.infer<typeof MemberRef>;

export const ChangeMemberRoleInput = z.strictObject({
  userId: z.string().min(1).max(64),
  role: z.enum(membershipRole.enumValues, { error: "Role must be agent, supervisor or admin" }),
});
export type ChangeMemberRoleInput = z.infer<typeof ChangeMemberRoleInput>;
