import type { Database } from "@/db";
import { hashPassword } from "@/server/auth/password";
import { appendMessage } from "@/server/services/message/append-message";
import { contactIdentities, contacts, conversations, inboxes, memberships, teams, users, workspaces } from "./schema";
import type { ConversationPriority } from "./schema";

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

type DemoThread = {
  name: string;
  email: string;
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
];

/** On first start with an empty database: a demo workspace to log in to and try the widget. */
export async function seedDemoWorkspace(db: Database): Promise<{ seeded: boolean }> {
  const [existing] = await db.select({ id: workspaces.id }).from(workspaces).limit(1);
  if (existing) return { seeded: false };

  await db.transaction(async (tx) => {
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
        config: { greeting: "Hi there 👋 Ask us anything, we usually answer within minutes." },
      })
      .returning();
    if (!inbox || !team) throw new Error("inbox insert failed");

    for (const thread of DEMO_THREADS) {
      const [contact] = await tx
        .insert(contacts)
        .values({ workspaceId, name: thread.name, email: thread.email })
        .returning();
      if (!contact) throw new Error("contact insert failed");
      await tx
        .insert(contactIdentities)
        .values({ workspaceId, contactId: contact.id, kind: "email", value: thread.email });
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
  });
  return { seeded: true };
}
