import { expect, type FrameLocator, type Page } from "@playwright/test";

export const DEMO_AGENT = { email: "agent@switchboard.local", password: "switchboard", name: "Alex Agent" };

export const DEMO_ADMIN = { email: "admin@switchboard.local", password: "switchboard", name: "Ada Admin" };

/** Signs in as the demo agent (or another demo login) and waits until the inbox is live. */
export async function signInAsAgent(
  page: Page,
  login: { email: string; password: string } = DEMO_AGENT,
): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email").fill(login.email);
  await page.getByLabel("Password").fill(login.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/inbox/);
  await expect(page.getByTestId("realtime-state")).toHaveAttribute("data-state", "connected");
}

/** Opens the demo site's chat widget, as a visitor clicking the launcher would. */
export async function openDemoWidget(page: Page, path = "/demo"): Promise<FrameLocator> {
  await page.goto(path);
  await page.locator("[data-switchboard-launcher]").click();
  return page.frameLocator('iframe[title="Chat with us"]');
}

/** Types and sends a message in the widget, waiting until the server has stored it. */
export async function sendFromWidget(widget: FrameLocator, text: string): Promise<void> {
  await widget.getByTestId("composer-input").fill(text);
  await widget.getByTestId("composer-input").press("Enter");
  await expect(widget.getByTestId("message").filter({ hasText: text })).toHaveAttribute("data-state", "stored");
}
