import { expect, test } from "@playwright/test";
import { openDemoWidget, sendFromWidget } from "../support/actors";

test("the widget says when it is offline and goes quiet again once it is live", async ({ page, context }) => {
  const widget = await openDemoWidget(page);
  await sendFromWidget(widget, `Hello (${Date.now()})`);
  const indicator = widget.getByTestId("widget-connection");
  await expect(indicator).toHaveCount(0);

  await context.setOffline(true);
  await expect(indicator).toHaveAttribute("data-status", "offline");
  await expect(indicator).toContainText("Offline");

  await context.setOffline(false);
  await expect(indicator).toHaveCount(0, { timeout: 20_000 });
  // And it still works: a message sent now is stored.
  await sendFromWidget(widget, "Back again");
});
