import { z } from "zod";

export const MIN_PASSWORD_LENGTH = 10;

const CurrentPassword = z
  .string({ error: "Enter your current password" })
  .min(1, "Enter your current password")
  .max(200);

export const NewPassword = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(200, "Use at most 200 characters");

export const ChangePasswordInput = z.strictObject({ currentPassword: CurrentPassword, newPassword: NewPassword });
export type ChangePasswordInput = z.infer<typeof ChangePasswordInput>;

export const EndSessionInput = z.strictObject({ sessionId: z.string().min(1).max(64) });
export type EndSessionInput = z.infer<typeof EndSessionInput>;

export const EndOtherSessionsInput = z.strictObject({ currentPassword: CurrentPassword });
export type EndOtherSessionsInput = z.infer<typeof EndOtherSessionsInput>;
