import type { Database } from "@/db";
import { inboxes, memberships, users, workspaces, type MembershipRole } from "@/db/schema";
import type { AgentActor } from "@/server/actor";
import { hashPassword } from "@/server/auth/password";
import { createVisitorKeyRing } from "@/server/auth/visitor-token";
import { parseEnv, type Env } from "@/server/env";
import { createRateLimits } from "@/server/limits/rate-limits";
import { newToken } from "@/server/ids";
import type { EventDispatcher } from "@/server/services/context";
import type { StoredEvent } from "@/server/services/outbox/record-event";
import type { WidgetRequester } from "@/server/services/widget/context";
import { startWidgetSession } from "@/server/services/widget/start-widget-session";

export const TEST_SECRET = "test-secret-that-is-long-enough-for-hmac-0123456789";
export const TEST_KEYS = createVisitorKeyRing({ secret: TEST_SECRET, ttlDays: 30 });

/** Limits no ordinary test reaches; the limit tests build their own small ones. */
export const GENEROUS_LIMITS = parseEnv({
  LIMIT_WIDGET_SESSIONS_PER_ADDRESS: "1000000/1s",
  LIMIT_WIDGET_CONVERSATIONS_PER_ADDRESS: "1000000/1s",
  LIMIT_WIDGET_CONVERSATIONS_PER_VISITOR: "1000000/1s",
  LIMIT_WIDGET_MESSAGES_PER_VISITOR: "1000000/1s",
});

/** The widget verbs' context over a test database, with a fresh address per call unless given. */
export function widgetContext<T extends { db: Database }>(ctx: T, config: Env = GENEROUS_LIMITS) {
  return { ...ctx, visitorKeys: TEST_KEYS, limits: createRateLimits(config, { kind: "database", db: ctx.db }) };
}

/** A distinct client address, so one test's counts never meet another's. */
export const testRequester = (): WidgetRequester => ({ clientAddress: `198.51.100.${unique()}` });

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;

export type TestWorkspace = {
  workspaceId: string;
  inboxId: string;
  inboxToken: string;
  agent: AgentActor & { name: string; email: string };
  admin: AgentActor & { name: string; email: string };
  password: string;
};

let passwordHashOnce: Promise<string> | undefined;

/** A complete, isolated tenant: workspace, an agent, an admin and a web-widget inbox. */
export async function createWorkspace(db: Database): Promise<TestWorkspace> {
  const tag = unique();
  const password = "correct horse battery staple";
  // bcrypt is slow by design; one real hash per test process is enough.
  const passwordHash = await (passwordHashOnce ??= hashPassword(password));
  const [workspace] = await db
    .insert(workspaces)
    .values({ name: `Workspace ${tag}`, slug: `ws-${tag}` })
    .returning();
  if (!workspace) throw new Error("no workspace");
  const members = await db
    .insert(users)
    .values([
      { email: `agent-${tag}@example.test`, name: `Agent ${tag}`, passwordHash },
      { email: `admin-${tag}@example.test`, name: `Admin ${tag}`, passwordHash },
    ])
    .returning();
  const [agentUser, adminUser] = members;
  if (!agentUser || !adminUser) throw new Error("no users");
  const roles: [typeof agentUser, MembershipRole][] = [
    [agentUser, "agent"],
    [adminUser, "admin"],
  ];
  await db
    .insert(memberships)
    .values(roles.map(([user, role]) => ({ workspaceId: workspace.id, userId: user.id, role })));
  const inboxToken = `inb_${newToken(12)}`;
  const [inbox] = await db
    .insert(inboxes)
    .values({ workspaceId: workspace.id, channelType: "web_widget", name: "Website", publicToken: inboxToken })
    .returning();
  if (!inbox) throw new Error("no inbox");
  const actor = (user: typeof agentUser, role: MembershipRole) => ({
    kind: "agent" as const,
    workspaceId: workspace.id,
    userId: user.id,
    role,
    name: user.name,
    email: user.email,
  });
  return {
    workspaceId: workspace.id,
    inboxId: inbox.id,
    inboxToken,
    agent: actor(agentUser, "agent"),
    admin: actor(adminUser, "admin"),
    password,
  };
}

/** A widget visitor with a real signed token for the workspace's inbox. */
export async function createVisitor(db: Database, workspace: TestWorkspace) {
  const session = await startWidgetSession(widgetContext({ db }), testRequester(), {
    inboxToken: workspace.inboxToken,
  });
  return { inboxToken: workspace.inboxToken, visitorToken: session.visitorToken };
}

/**
 * Records what would be handed to realtime. Service tests check the outbox contract;
 * the realtime path itself is exercised against the real built-in server elsewhere.
 */
export function recordingDispatcher(): EventDispatcher & { dispatched: StoredEvent[] } {
  const dispatched: StoredEvent[] = [];
  return {
    dispatched,
    async dispatch(events) {
      dispatched.push(...events);
    },
  };
}

export const clientId = () => `cm_${unique()}`;
