import { expect, test, type Browser } from "@playwright/test";
import { DEMO_ADMIN, DEMO_AGENT, openDemoWidget, sendFromWidget, signInAsAgent } from "../support/actors";

// Ada answers conversations too; the other demo agents are changed by the session specs.
const ADA = DEMO_ADMIN;

async function agentOn(browser: Browser, login: { email: string; password: string }, text: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInAsAgent(page, login);
  await page.getByTestId("conversation-item").filter({ hasText: text }).click();
  await expect(page.getByTestId("thread-messages")).toContainText(text);
  return { context, page };
}

test("two agents on one conversation see each other, see who is replying, and are stopped before answering twice", async ({
  browser,
  page,
}) => {
  const text = `Can someone check my order? (${Date.now()})`;
  const widget = await openDemoWidget(page);
  await sendFromWidget(widget, text);

  const alex = await agentOn(browser, DEMO_AGENT, text);
  const ada = await agentOn(browser, ADA, text);
  await expect(alex.page.getByTestId("also-viewing")).toContainText(`Also here: ${ADA.name}`);
  await expect(ada.page.getByTestId("also-viewing")).toContainText(`Also here: ${DEMO_AGENT.name}`);

  // Alex starts writing; Ada sees it live, and it is gone when Alex clears the draft.
  const alexComposer = alex.page.getByTestId("composer-input");
  await alexComposer.pressSequentially("Let me look");
  await expect(ada.page.getByTestId("replying-indicator")).toHaveText(`${DEMO_AGENT.name} is replying…`);
  await alexComposer.fill("");
  await expect(ada.page.getByTestId("replying-indicator")).toHaveText("");

  // Alex writes an answer while Ada sends one first.
  await alexComposer.pressSequentially("Your order left the warehouse today.");
  const adaAnswer = `Ada here: it ships today (${Date.now()})`;
  await ada.page.getByTestId("composer-input").fill(adaAnswer);
  await ada.page.getByTestId("composer-input").press("Enter");
  await expect(alex.page.getByTestId("thread-messages")).toContainText(adaAnswer);

  // Alex's Enter does not send: it says why, and Ada's answer is right there to read.
  await alexComposer.press("Enter");
  await expect(alex.page.getByTestId("composer-hold")).toContainText(
    `${ADA.name} replied while you were writing. Read it above before you send.`,
  );
  await expect(alexComposer).toHaveValue("Your order left the warehouse today.");
  await expect(alex.page.getByTestId("thread-messages")).not.toContainText("Your order left the warehouse today.");

  // Sending anyway is a choice, and it goes out once.
  await alex.page.getByRole("button", { name: "Send anyway" }).click();
  await expect(alex.page.getByTestId("composer-hold")).toHaveCount(0);
  await expect(widget.getByTestId("message").filter({ hasText: "Your order left the warehouse today." })).toHaveCount(
    1,
  );
  await expect(widget.getByTestId("message").filter({ hasText: adaAnswer })).toHaveCount(1);

  // A fresh draft after reading starts clean.
  await alexComposer.pressSequentially("Anything else?");
  await alexComposer.press("Enter");
  await expect(widget.getByTestId("message").filter({ hasText: "Anything else?" })).toHaveCount(1);

  // Ada leaves: Alex sees it.
  await ada.context.close();
  await expect(alex.page.getByTestId("also-viewing")).toHaveCount(0);
  await alex.context.close();
});
