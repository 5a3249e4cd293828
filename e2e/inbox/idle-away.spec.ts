import { expect, test } from "@playwright/test";
import { DEMO_AGENT, signInAsAgent } from "../support/actors";

test("an online agent who walks away is set away for routing, and online again on return", async ({ page }) => {
  await page.clock.install();
  await signInAsAgent(page, DEMO_AGENT);
  const availability = page.getByTestId("availability");
  await availability.click();
  await page.getByRole("menuitem", { name: /Online/ }).click();
  await expect(availability).toHaveAttribute("data-state", "online");

  // Five idle minutes (and the next check) later, routing sees the agent away.
  await page.mouse.move(5, 5);
  await page.clock.fastForward("05:30");
  await expect(availability).toHaveAttribute("data-state", "away");
  await expect(availability).toHaveAttribute("data-idle", "true");

  // The first movement brings them back.
  await page.mouse.move(200, 300);
  await expect(availability).toHaveAttribute("data-state", "online");

  // Leave the shared demo as it was.
  await availability.click();
  await page.getByRole("menuitem", { name: /Offline/ }).click();
  await expect(availability).toHaveAttribute("data-state", "offline");
});
