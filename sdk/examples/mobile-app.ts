/**
 * "The mobile app": signs in the demo user as a verified user, sends a message and prints the
 * conversation's replies as they arrive (one JSON object per line).
 *
 *   SWITCHBOARD_URL=http://localhost:3000 SWITCHBOARD_IDENTITY_SECRET=… npx tsx sdk/examples/mobile-app.ts
 *
 * A real app never holds the identity secret: its backend computes userHash for the signed-in
 * user and hands it to the app. `backendUserHash` stands in for that backend here.
 */
import { createHmac } from "node:crypto";
import { followConversation, SwitchboardClient } from "../src/index";

const baseUrl = process.env.SWITCHBOARD_URL ?? "http://localhost:3000";
const inboxToken = process.env.SWITCHBOARD_INBOX_TOKEN ?? "demo_api";
const identitySecret = process.env.SWITCHBOARD_IDENTITY_SECRET;
const userId = process.env.SWITCHBOARD_USER_ID ?? "dana-demo";
const text = process.env.MESSAGE ?? "Hello from the mobile app 👋";
const waitSeconds = Number(process.env.WAIT_SECONDS ?? 60);

if (!identitySecret) {
  console.error(
    "Set SWITCHBOARD_IDENTITY_SECRET to the API inbox's identity secret (the demo's is in db/seed-api-channel.ts).",
  );
  process.exit(1);
}

/** What your backend does for the signed-in user: hex HMAC-SHA256 of their id under the inbox's identity secret. */
function backendUserHash(id: string): string {
  return createHmac("sha256", identitySecret!).update(id).digest("hex");
}

const print = (event: string, data: object) => console.log(JSON.stringify({ event, ...data }));

const client = new SwitchboardClient({
  baseUrl,
  inboxToken,
  identify: () => ({ userId, userHash: backendUserHash(userId), name: "Dana Demo" }),
});

const session = await client.connect();
print("signed-in", { user: session.user, expiresAt: session.expiresAt });

const { conversation } = await client.openConversation();
const sent = await client.sendMessage(conversation.id, text);
print("sent", { conversationId: conversation.id, message: sent.message });

const live = await followConversation(client, conversation, {
  afterSeq: sent.message.seq,
  onMessage: (message) => {
    print("message", { message });
    void client.markRead(conversation.id, message.seq).catch(() => {});
  },
  onError: (error) => print("error", { error: String(error) }),
});
print("listening", { conversationId: conversation.id, seconds: waitSeconds });

const stop = () => {
  live.close();
  print("stopped", { lastSeq: live.lastSeq });
  process.exit(0);
};
setTimeout(stop, waitSeconds * 1000);
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
