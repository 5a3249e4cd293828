import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { openDemoWidget, sendFromWidget, signInAsAgent } from "../support/actors";

// Its own server: restarting the shared one would break every other spec.
const PORT = 3243;
const ORIGIN = `http://localhost:${PORT}`;

/** Starts the production server in its own process group so the whole group can be killed. */
function startServer(dataDir: string): ChildProcess {
  const child = spawn("npx", ["tsx", "server.ts"], {
    cwd: process.cwd(),
    env: { ...process.env, NODE_ENV: "production", PORT: String(PORT), DATA_DIR: dataDir, LOG_LEVEL: "warn" },
    stdio: ["ignore", "inherit", "inherit"],
    detached: true,
  });
  return child;
}

function kill(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    process.kill(-child.pid!, "SIGKILL");
  });
}

/** Polls until the app answers `path` with 200; returns the moment it first did. */
async function answering(pathname: string, timeoutMs = 120_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${ORIGIN}${pathname}`, { cache: "no-store" });
      if (response.ok) return Date.now();
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${pathname} did not answer within ${timeoutMs} ms`);
}

test("after the realtime server is killed and restarted, the agent is live within 2 s and sees every message once", async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const dataDir = mkdtempSync(path.join(tmpdir(), "switchboard-restart-"));
  let server = startServer(dataDir);
  try {
    await answering("/api/health/ready", 180_000);
    const agentContext = await browser.newContext({ baseURL: ORIGIN });
    const visitorContext = await browser.newContext({ baseURL: ORIGIN });
    const agent = await agentContext.newPage();
    const visitor = await visitorContext.newPage();

    await signInAsAgent(agent);
    const realtimeState = agent.getByTestId("realtime-state");
    const widget = await openDemoWidget(visitor);
    const opener = `Restart check ${Date.now()}`;
    await sendFromWidget(widget, opener);
    await agent.getByTestId("conversation-item").filter({ hasText: opener }).click();
    const thread = agent.getByTestId("thread-messages");
    await expect(thread.getByTestId("message").filter({ hasText: opener })).toBeVisible();

    // Stored and published right before the crash: it reaches the agent live or through resync.
    const lastWords = "Sent just before the crash";
    await sendFromWidget(widget, lastWords);
    await kill(server);
    await expect(realtimeState).not.toHaveAttribute("data-state", "connected");

    // Written while the server is down: the widget keeps repeating it with the same id.
    const duringOutage = "Written while you were away";
    await widget.getByTestId("composer-input").fill(duringOutage);
    await widget.getByTestId("composer-input").press("Enter");
    const outageBubble = widget.getByTestId("message").filter({ hasText: duringOutage });
    await expect(outageBubble).toHaveAttribute("data-state", "reconnecting");
    await expect(outageBubble.getByTestId("message-reconnecting")).toHaveText("reconnecting…");

    server = startServer(dataDir);
    const answeredAt = await answering("/api/health/live");
    await expect(realtimeState).toHaveAttribute("data-state", "connected", { timeout: 10_000 });
    expect(Date.now() - answeredAt).toBeLessThan(2_000);

    await expect(outageBubble).toHaveAttribute("data-state", "stored", { timeout: 20_000 });
    for (const text of [opener, lastWords, duringOutage]) {
      await expect(thread.getByTestId("message").filter({ hasText: text })).toHaveCount(1);
    }
    await expect(thread.getByTestId("message")).toHaveCount(3);

    // Live again, still once each.
    await sendFromWidget(widget, "Back to normal");
    await expect(thread.getByTestId("message").filter({ hasText: "Back to normal" })).toHaveCount(1);
    await expect(thread.getByTestId("message")).toHaveCount(4);
    await expect(widget.getByTestId("message")).toHaveCount(4);

    await agentContext.close();
    await visitorContext.close();
  } finally {
    await kill(server);
    rmSync(dataDir, { recursive: true, force: true });
  }
});
