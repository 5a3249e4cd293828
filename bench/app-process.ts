import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export type RunningApp = { origin: string; stop: () => Promise<void> };

/** Starts the real app (production build, fresh embedded database) on a free port. */
export async function startApp(port: number, extraEnv: Record<string, string> = {}): Promise<RunningApp> {
  if (!existsSync(".next/BUILD_ID")) {
    console.log("No production build found; running next build first…");
    const build = spawnSync("npx", ["next", "build"], { stdio: "inherit" });
    if (build.status !== 0) throw new Error("next build failed");
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), "switchboard-bench-"));
  // Node itself (not npx) so that stopping the child stops the server.
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: "warn",
      ...extraEnv,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const origin = `http://localhost:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    try {
      const response = await fetch(`${origin}/login`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error("the app did not start within 90 s");
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return {
    origin,
    stop: async () => {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
