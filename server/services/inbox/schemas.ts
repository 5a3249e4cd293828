import { z } from "zod";
import { EntityId } from "../message/schemas";

/** The channels an admin creates from the settings; other channels arrive with their adapters. */
export const ADMIN_CHANNEL_TYPES = ["web_widget", "api"] as const;
export type AdminChannelType = (typeof ADMIN_CHANNEL_TYPES)[number];

export const INBOX_NAME_MAX = 80;
export const GREETING_MAX = 500;
export const CALLBACK_URL_MAX = 2048;

const InboxName = z
  .string()
  .trim()
  .min(1, "Give the inbox a name")
  .max(INBOX_NAME_MAX, `The inbox name can be at most ${INBOX_NAME_MAX} characters`);

const Greeting = z.string().trim().max(GREETING_MAX, `The greeting can be at most ${GREETING_MAX} characters`);

const Color = z
  .string()
  .trim()
  .regex(/^#[0-9a-fA-F]{6}$/, "The colour must be a hex colour like #3b55e6")
  .transform((value) => value.toLowerCase());

/** An empty field in the form means "no callback URL". */
const CallbackUrl = z
  .string()
  .trim()
  .max(CALLBACK_URL_MAX, `The callback URL can be at most ${CALLBACK_URL_MAX} characters`)
  .transform((value) => (value === "" ? null : value))
  .nullable();

export const InboxIdInput = z.strictObject({ inboxId: EntityId });
export type InboxIdInput = z.infer<typeof InboxIdInput>;

export const ListInboxesInput = z.strictObject({}).optional();

export const CreateInboxInput = z.strictObject({
  channelType: z.enum(ADMIN_CHANNEL_TYPES, { error: "An inbox is a website (web_widget) or an API inbox (api)" }),
  name: InboxName,
  greeting: Greeting.optional(),
  color: Color.nullable().optional(),
  enforceIdentity: z.boolean().default(false),
  callbackUrl: CallbackUrl.optional(),
});
export type CreateInboxInput = z.infer<typeof CreateInboxInput>;

export const UpdateInboxInput = z.strictObject({
  inboxId: EntityId,
  name: InboxName.optional(),
  greeting: Greeting.optional(),
  color: Color.nullable().optional(),
  enforceIdentity: z.boolean().optional(),
  callbackUrl: CallbackUrl.optional(),
});
export type UpdateInboxInput = z.infer<typeof UpdateInboxInput>;
