import { and, eq, sql } from "drizzle-orm";
import type { Executor } from "@/db";
import { preparedFor } from "@/db/prepared";
import { contactIdentities, inboxes } from "@/db/schema";
import { verifyVisitorToken, type VisitorKeyRing } from "@/server/auth/visitor-token";
import { NotFoundError, UnauthorizedError } from "@/server/errors";

export const WEB_VISITOR_IDENTITY = "web_visitor";

export type WidgetInbox = {
  id: string;
  workspaceId: string;
  name: string;
  config: Record<string, unknown>;
  /** Signs the host application's user ids (`userHash`); null until an admin generates one. */
  identitySecret: string | null;
  enforceIdentity: boolean;
};
export type Visitor = { inbox: WidgetInbox; visitorId: string; contactId: string | null };

// Every widget call names its inbox by token; an inbox changes rarely, so a short-lived copy saves a
// query per message. A renamed greeting shows within this time; an unknown token is never cached.
const INBOX_CACHE_MS = 30_000;
const inboxCache = new WeakMap<Executor, Map<string, { inbox: WidgetInbox; until: number }>>();

export async function requireWidgetInbox(db: Executor, inboxToken: string): Promise<WidgetInbox> {
  let cache = inboxCache.get(db);
  if (!cache) inboxCache.set(db, (cache = new Map()));
  const now = Date.now();
  const cached = cache.get(inboxToken);
  if (cached && cached.until > now) return cached.inbox;
  const inbox = await loadWidgetInbox(db, inboxToken);
  if (cache.size > 10_000) cache.clear();
  cache.set(inboxToken, { inbox, until: now + INBOX_CACHE_MS });
  return inbox;
}

async function loadWidgetInbox(db: Executor, inboxToken: string): Promise<WidgetInbox> {
  const [inbox] = await db
    .select({
      id: inboxes.id,
      workspaceId: inboxes.workspaceId,
      name: inboxes.name,
      config: inboxes.config,
      identitySecret: inboxes.identitySecret,
      enforceIdentity: inboxes.enforceIdentity,
    })
    .from(inboxes)
    .where(and(eq(inboxes.publicToken, inboxToken), eq(inboxes.channelType, "web_widget")));
  if (!inbox) throw new NotFoundError("Unknown inbox: check the data-inbox token in the widget snippet");
  return inbox;
}

const visitorContactQuery = (db: Executor) =>
  preparedFor(db, "visitor_contact", (db) =>
    db
      .select({ contactId: contactIdentities.contactId })
      .from(contactIdentities)
      .where(
        and(
          eq(contactIdentities.workspaceId, sql.placeholder("workspaceId")),
          eq(contactIdentities.kind, WEB_VISITOR_IDENTITY),
          eq(contactIdentities.value, sql.placeholder("visitorId")),
        ),
      )
      .prepare("visitor_contact"),
  );

/** The contact a widget visitor has become, or null before their first message. */
export async function findVisitorContactId(
  db: Executor,
  workspaceId: string,
  visitorId: string,
): Promise<string | null> {
  const [identity] = await visitorContactQuery(db).execute({ workspaceId, visitorId });
  return identity?.contactId ?? null;
}

export const EXPIRED_VISITOR_MESSAGE = "Your chat session has expired; reload the page";

/** Verifies a visitor token for an already loaded inbox and finds the visitor's contact. */
export async function resolveVisitorOfInbox(
  db: Executor,
  keys: VisitorKeyRing,
  inbox: WidgetInbox,
  visitorToken: string,
): Promise<Visitor> {
  const verified = verifyVisitorToken(keys, inbox.id, visitorToken);
  if (!verified.ok) {
    throw new UnauthorizedError(
      verified.reason === "expired"
        ? EXPIRED_VISITOR_MESSAGE
        : "This chat session is not valid for this inbox; reload the page",
    );
  }
  const { visitorId } = verified;
  return { inbox, visitorId, contactId: await findVisitorContactId(db, inbox.workspaceId, visitorId) };
}

/** Verifies a visitor token for an inbox and finds the contact it belongs to, if any yet. */
export async function resolveVisitor(
  db: Executor,
  keys: VisitorKeyRing,
  credentials: { inboxToken: string; visitorToken: string },
): Promise<Visitor> {
  const inbox = await requireWidgetInbox(db, credentials.inboxToken);
  return resolveVisitorOfInbox(db, keys, inbox, credentials.visitorToken);
}
