import { createHmac } from "node:crypto";
import { expect, test } from "@playwright/test";
import { DEMO_API_TOKEN } from "@/db/seed";
import { DEMO_USER } from "@/db/seed-api-channel";
import { rotateDemoApiIdentitySecret } from "@/tests/support/demo-api-secret";
import { followConversation, SwitchboardClient, type Message } from "@/sdk/src/index";
import { signInAsAgent } from "../support/actors";

test("an agent answers a message from the mobile app in the inbox, and the app hears the reply live", async ({
  page,
  baseURL,
}) => {
  // The app, through the SDK, as the demo's verified user; its backend holds the identity secret.
  const secret = await rotateDemoApiIdentitySecret(baseURL!);
  const client = new SwitchboardClient({
    baseUrl: baseURL!,
    inboxToken: DEMO_API_TOKEN,
    identify: () => ({
      userId: DEMO_USER.userId,
      userHash: createHmac("sha256", secret).update(DEMO_USER.userId).digest("hex"),
    }),
  });
  const question = `From the app ${Date.now()}`;
  const { conversation } = await client.openConversation({ body: question });
  const heard: Message[] = [];
  const live = await followConversation(client, conversation, {
    afterSeq: conversation.lastSeq,
    onMessage: (message) => heard.push(message),
  });

  try {
    await signInAsAgent(page);
    const item = page.getByTestId("conversation-item").filter({ hasText: question });
    await expect(item).toBeVisible();
    await item.click();
    await expect(page.getByText("Mobile app").first()).toBeVisible();
    const thread = page.getByTestId("thread-messages");
    await expect(thread.getByTestId("message").filter({ hasText: question })).toBeVisible();

    const reply = "Thanks Dana, the courier has the new address now.";
    await page.getByTestId("composer-input").fill(reply);
    await page.getByTestId("composer-send").click();
    await expect(thread.getByTestId("message").filter({ hasText: reply })).toHaveAttribute("data-state", "stored");
    await expect.poll(() => heard.map((message) => message.body)).toContain(reply);
  } finally {
    live.close();
  }
});
