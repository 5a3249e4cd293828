import { createHash, randomBytes } from "node:crypto";

/** A new link secret; only its hash is stored. */
export const newInvitationToken = () => randomBytes(32).toString("base64url");

export const hashInvitationToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** The token travels in the fragment, which browsers never send to a server or put in a Referer. */
export const invitationPath = (token: string) => `/invite#${token}`;
