import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export type RunningApp = {
  origin: string;
  /** Graceful stop (SIGTERM, lets --cpu-prof write its profile), then removes the data directory. */
  stop: () => Promise<void>;
  /** Crash: SIGKILL, nothing flushed; the data directory stays for a restart. */
  kill: () => Promise<void>;
  /** Starts a fresh process on the same port, data directory and environment; resolves when it serves. */
  restart: () => Promise<void>;
  /** CPU time the app process (all its threads) has used so far, in ms; null where /proc is not there. */
  cpuMs: () => number | null;
};

const CLOCK_TICKS_PER_SECOND = (() => {
  const ticks = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout);
  return Number.isFinite(ticks) && ticks > 0 ? ticks : 100;
})();

/** utime + stime of a process from /proc (fields 14 and 15, after the parenthesised command name). */
function cpuMsOf(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

async function waitUntilServing(origin: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app exited during start-up (code ${child.exitCode})`);
    try {
      const response = await fetch(`${origin}/login`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the app did not start within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Starts the real app (production build, fresh embedded database) on a free port. */
export async function startApp(
  port: number,
  extraEnv: Record<string, string> = {},
  /** Extra node flags, e.g. --cpu-prof (which NODE_OPTIONS does not accept). */
  nodeArgs: string[] = [],
): Promise<RunningApp> {
  if (!existsSync(".next/BUILD_ID")) {
    console.log("No production build found; running next build first…");
    const build = spawnSync("npx", ["next", "build"], { stdio: "inherit" });
    if (build.status !== 0) throw new Error("next build failed");
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), "switchboard-bench-"));
  const origin = `http://localhost:${port}`;
  const spawnServer = () =>
    // Node itself (not npx) so that stopping the child stops the server.
    spawn(process.execPath, [...nodeArgs, "--import", "tsx", "server.ts"], {
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
  let child = spawnServer();
  await waitUntilServing(origin, child, 90_000);
  const exited = (process: ChildProcess) =>
    process.exitCode !== null || process.signalCode !== null
      ? Promise.resolve()
      : new Promise((resolve) => process.once("exit", resolve));
  return {
    origin,
    stop: async () => {
      child.kill("SIGTERM");
      await exited(child);
      rmSync(dataDir, { recursive: true, force: true });
    },
    kill: async () => {
      child.kill("SIGKILL");
      await exited(child);
    },
    restart: async () => {
      child = spawnServer();
      await waitUntilServing(origin, child, 90_000);
    },
    cpuMs: () => cpuMsOf(child.pid),
  };
}
