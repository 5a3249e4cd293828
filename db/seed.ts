import { eq } from "drizzle-orm";
import type { Database, Transaction } from "@/db";
import { hashPassword } from "@/server/auth/password";
import { newIdentitySecret, newWebhookSecret } from "@/server/services/inbox/secrets";
import { hashInvitationToken, newInvitationToken } from "@/server/services/invitation/invitation-token";
import { INVITATION_TTL_DAYS } from "@/server/services/invitation/schemas";
import { appendMessage } from "@/server/services/message/append-message";
import { seedDemoRouting } from "./seed-routing";
import { seedApiChannelDemo } from "./seed-api-channel";
import {
  contactIdentities,
  contacts,
  conversations,
  deliveries,
  inboxes,
  invitations,
  memberships,
  messages,
  teams,
  users,
  workspaces,
} from "./schema";
import type { ConversationPriority, IdentityKind } from "./schema";

export const DEMO_LOGINS = {
  agent: { email: "agent@switchboard.local", password: "switchboard", name: "Alex Agent" },
  admin: { email: "admin@switchboard.local", password: "switchboard", name: "Ada Admin" },
} as const;

/** More people on the demo team, so the people settings and assignee pickers show a real team. */
export const DEMO_TEAMMATES = [
  { email: "sam@switchboard.local", name: "Sam Rivera", role: "agent" },
  { email: "priya@switchboard.local", name: "Priya Shah", role: "supervisor" },
  { email: "jordan@switchboard.local", name: "Jordan Lee", role: "agent" },
] as const;

export const DEMO_WIDGET_TOKEN = "demo_web_widget";
export const DEMO_API_TOKEN = "demo_api";

/**
 * Demo data only: the demo website inbox's identity secret is fixed and published in the README,
 * so a newcomer can sign a user id by hand and see a verified visitor. Rotate it (Settings →
 * Inboxes) before the demo inbox faces real visitors; inboxes created in the settings get random secrets.
 */
export const DEMO_IDENTITY_SECRET = "demo-only-identity-secret-0f4b2c7e9a1d3f5b8c6e0a2d4f7b9c1e";

/** A signed-in user of the demo site: /demo?user=dana identifies them with a server-computed userHash. */
export const DEMO_USER = { externalId: "dana-demo", name: "Dana Demo", email: "dana@example.com" } as const;

type DemoThread = {
  name: string;
  email: string;
  /** How the channel knows them; by default their e-mail address. */
  identity?: { kind: IdentityKind; value: string; verified: boolean };
  priority: ConversationPriority;
  minutesAgo: number;
  lines: [direction: "inbound" | "outbound", body: string][];
};

const DEMO_THREADS: DemoThread[] = [
  {
    name: "Maria Gonzalez",
    email: "maria@example.com",
    priority: "urgent",
    minutesAgo: 4,
    lines: [
      ["inbound", "Hi! Our checkout page shows a payment error for every customer since this morning."],
      ["outbound", "Thanks Maria, I'm looking at it right now. Which payment provider do you use?"],
      ["inbound", "Stripe. The error says 'card_declined' even for test cards."],
    ],
  },
  {
    name: "Tom Becker",
    email: "tom@example.org",
    priority: "high",
    minutesAgo: 18,
    lines: [["inbound", "Can I upgrade to the annual plan and keep my current discount?"]],
  },
  {
    name: "Yuki Tanaka",
    email: "yuki@example.jp",
    priority: "normal",
    minutesAgo: 55,
    lines: [
      ["inbound", "How do I export my contacts to CSV?"],
      ["outbound", "Go to Contacts → Export, pick the fields and press Download. Anything else?"],
    ],
  },
  {
    name: "Sam Okafor",
    email: "sam@example.net",
    priority: "low",
    minutesAgo: 240,
    lines: [["inbound", "Small thing: the dark mode toggle doesn't remember my choice."]],
  },
  {
    name: DEMO_USER.name,
    email: DEMO_USER.email,
    identity: { kind: "external_id", value: DEMO_USER.externalId, verified: true },
    priority: "normal",
    minutesAgo: 90,
    lines: [
      ["inbound", "Hi, I'm signed in on your site. Where can I see my invoices?"],
      ["outbound", "Hi Dana! Account → Billing lists every invoice as a PDF."],
    ],
  },
  // The same person as Maria above, who typed her address into a pre-chat form: a suggested duplicate.
  {
    name: "Maria G.",
    email: "Maria@Example.com",
    identity: { kind: "web_visitor", value: "v_demoduplicate0maria", verified: false },
    priority: "normal",
    minutesAgo: 600,
    lines: [["inbound", "Is there a discount for non-profits?"]],
  },
];

/** On first start with an empty database: a demo workspace to log in to and try the widget. */
export async function seedDemoWorkspace(
  db: Database,
  options: { callbackUrl?: string } = {},
): Promise<{ seeded: boolean }> {
  const [existing] = await db.select({ id: workspaces.id }).from(workspaces).limit(1);
  if (existing) return { seeded: false };

  const seeded = await db.transaction(async (tx) => {
    const [workspace] = await tx.insert(workspaces).values({ name: "Acme Support", slug: "acme" }).returning();
    if (!workspace) throw new Error("workspace insert failed");
    const workspaceId = workspace.id;
    const [agent] = await tx
      .insert(users)
      .values({
        email: DEMO_LOGINS.agent.email,
        name: DEMO_LOGINS.agent.name,
        passwordHash: await hashPassword(DEMO_LOGINS.agent.password),
      })
      .returning();
    const [admin] = await tx
      .insert(users)
      .values({
        email: DEMO_LOGINS.admin.email,
        name: DEMO_LOGINS.admin.name,
        passwordHash: await hashPassword(DEMO_LOGINS.admin.password),
      })
      .returning();
    if (!agent || !admin) throw new Error("user insert failed");
    await tx.insert(memberships).values([
      { workspaceId, userId: agent.id, role: "agent" },
      { workspaceId, userId: admin.id, role: "admin" },
    ]);
    const teammatePassword = await hashPassword(DEMO_LOGINS.agent.password);
    for (const teammate of DEMO_TEAMMATES) {
      const [user] = await tx
        .insert(users)
        .values({ email: teammate.email, name: teammate.name, passwordHash: teammatePassword })
        .returning();
      if (!user) throw new Error("user insert failed");
      await tx.insert(memberships).values({ workspaceId, userId: user.id, role: teammate.role });
    }
    const [team] = await tx.insert(teams).values({ workspaceId, name: "Frontline" }).returning();
    const [inbox] = await tx
      .insert(inboxes)
      .values({
        workspaceId,
        channelType: "web_widget",
        name: "Website chat",
        publicToken: DEMO_WIDGET_TOKEN,
        config: {
          greeting: "Hi there 👋 Ask us anything, we usually answer within minutes.",
          identitySecretRotatedAt: new Date().toISOString(),
        },
        identitySecret: DEMO_IDENTITY_SECRET,
      })
      .returning();
    if (!inbox || !team) throw new Error("inbox insert failed");
    // The app's own channel: its secrets are random, shown only after a rotation in the settings.
    const [apiInbox] = await tx
      .insert(inboxes)
      .values({
        workspaceId,
        channelType: "api",
        name: "Mobile app",
        publicToken: DEMO_API_TOKEN,
        config: {
          greeting: "Welcome to Acme in the app — how can we help?",
          identitySecretRotatedAt: new Date().toISOString(),
          webhookSecretRotatedAt: new Date().toISOString(),
        },
        identitySecret: newIdentitySecret(),
        webhookSecret: newWebhookSecret(),
        callbackUrl: options.callbackUrl ?? DEMO_UNREACHABLE_CALLBACK,
      })
      .returning();
    if (!apiInbox) throw new Error("API inbox insert failed");

    for (const thread of DEMO_THREADS) {
      const [contact] = await tx
        .insert(contacts)
        .values({ workspaceId, name: thread.name, email: thread.email.toLowerCase() })
        .returning();
      if (!contact) throw new Error("contact insert failed");
      const identity = thread.identity ?? { kind: "email", value: thread.email, verified: false };
      await tx.insert(contactIdentities).values({ workspaceId, contactId: contact.id, ...identity });
      const lastMessageAt = new Date(Date.now() - thread.minutesAgo * 60_000);
      const sentAt = (index: number) => new Date(lastMessageAt.getTime() - (thread.lines.length - 1 - index) * 90_000);
      const [conversation] = await tx
        .insert(conversations)
        .values({
          workspaceId,
          inboxId: inbox.id,
          contactId: contact.id,
          priority: thread.priority,
          teamId: team.id,
          createdAt: sentAt(0),
        })
        .returning();
      if (!conversation) throw new Error("conversation insert failed");
      for (const [index, [direction, body]] of thread.lines.entries()) {
        await appendMessage(tx, {
          workspaceId,
          conversationId: conversation.id,
          direction,
          senderType: direction === "inbound" ? "contact" : "agent",
          senderContactId: direction === "inbound" ? contact.id : null,
          senderUserId: direction === "outbound" ? agent.id : null,
          body,
          deliveryStatus: direction === "inbound" ? "delivered" : "sent",
          sentAt: sentAt(index),
        });
      }
    }
    await seedDemoRouting(tx, workspaceId, team.id);
    // A pending invitation, so People shows one; its link was never shown, "New link" issues one.
    await tx.insert(invitations).values({
      workspaceId,
      email: "taylor@switchboard.local",
      role: "agent",
      tokenHash: hashInvitationToken(newInvitationToken()),
      invitedByUserId: admin.id,
      expiresAt: new Date(Date.now() + INVITATION_TTL_DAYS * 86_400_000),
    });
    await seedApiConversation(tx, { workspaceId, inboxId: apiInbox.id, agentId: agent.id });
    return { workspaceId, widgetInboxId: inbox.id };
  });
  await seedApiChannelDemo(db, { ...seeded, apiInboxToken: DEMO_API_TOKEN });
  return { seeded: true };
}

const DEMO_UNREACHABLE_CALLBACK = "https://callbacks.acme.invalid/switchboard";

/**
 * A conversation in the API inbox with one reply whose delivery ran out of retries, so
 * Settings → Deliveries has something to replay on first start.
 */
async function seedApiConversation(
  tx: Transaction,
  input: { workspaceId: string; inboxId: string; agentId: string },
): Promise<void> {
  const { workspaceId, inboxId } = input;
  const [contact] = await tx.insert(contacts).values({ workspaceId, name: "Lena Fischer (app)" }).returning();
  if (!contact) throw new Error("contact insert failed");
  await tx
    .insert(contactIdentities)
    .values({ workspaceId, contactId: contact.id, kind: "api_user", value: "app-user-4711", sourceInboxId: inboxId });
  const [conversation] = await tx
    .insert(conversations)
    .values({ workspaceId, inboxId, contactId: contact.id, priority: "normal" })
    .returning();
  if (!conversation) throw new Error("conversation insert failed");
  const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000);
  await appendMessage(tx, {
    workspaceId,
    conversationId: conversation.id,
    direction: "inbound",
    senderType: "contact",
    senderContactId: contact.id,
    body: "The app says my order is stuck in 'processing'. Can you check order 10293?",
    deliveryStatus: "delivered",
    sentAt: at(32),
  });
  const reason = "HTTP 503: upstream unavailable";
  const { message } = await appendMessage(tx, {
    workspaceId,
    conversationId: conversation.id,
    direction: "outbound",
    senderType: "agent",
    senderUserId: input.agentId,
    body: "It left our warehouse this morning; you'll get the tracking link shortly.",
    deliveryStatus: "failed",
    sentAt: at(30),
  });
  await tx.update(messages).set({ deliveryError: reason }).where(eq(messages.id, message.id));
  await tx
    .insert(deliveries)
    .values({ workspaceId, inboxId, messageId: message.id, state: "dead", attempts: 9, lastError: reason });
}
