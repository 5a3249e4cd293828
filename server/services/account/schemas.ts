import { z } from "zod";

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_AVATAR_CHARS = 60_000;

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

export const UpdateProfileInput = z.strictObject({
  name: z.string().trim().min(1, "Enter your name").max(100, "Use at most 100 characters for your name"),
  /** A small picture, resized by the browser and kept inline, so no third-party host sees who views it. */
  avatarUrl: z
    .string()
    .max(MAX_AVATAR_CHARS, "That picture is too large; choose a smaller one")
    .regex(/^data:image\/(png|jpeg|webp);base64,[A-Za-z0-9+/]+={0,2}$/, "The picture must be a PNG, JPEG or WebP image")
    .nullable(),
});
export type UpdateProfileInput = z.infer<typeof UpdateProfileInput>;
