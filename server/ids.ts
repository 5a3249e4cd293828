import { randomBytes, randomUUID } from "node:crypto";

const PREFIXES = {
  workspace: "ws",
  user: "usr",
  membership: "mem",
  team: "team",
  inbox: "inb",
  contact: "ct",
  contactIdentity: "cid",
  conversation: "cnv",
  message: "msg",
  event: "evt",
  session: "sess",
  contactMerge: "mrg",
  inboundEvent: "ine",
  delivery: "dlv",
  auditEntry: "aud",
  calendar: "cal",
  ruleSet: "rset",
  slaPolicy: "sla",
  routingDecision: "rdec",
  invitation: "inv",
} as const;

export type IdKind = keyof typeof PREFIXES;

const CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz";

function encodeBase32(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += CROCKFORD[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += CROCKFORD[(value << (5 - bits)) & 31];
  return out;
}

/** Prefixed, time-ordered ids (`cnv_…`): readable in logs and sortable by creation. */
export function newId(kind: IdKind): string {
  const time = Buffer.alloc(6);
  time.writeUIntBE(Date.now(), 0, 6);
  return `${PREFIXES[kind]}_${encodeBase32(Buffer.concat([time, randomBytes(10)]))}`;
}

/** An opaque random secret for public tokens (inbox tokens, visitor ids). */
export function newToken(bytes = 24): string {
  return randomBytes(bytes).toString("base64url");
}

/** A short id tying a client-visible error to its log line. */
export const newRequestId = () => randomUUID().slice(0, 8);
