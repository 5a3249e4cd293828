import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DataDirectoryInUseError, LOCK_FILE, lockDataDirectory } from "@/server/data-dir-lock";

const dirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "switchboard-boot-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A pid that is certainly not running: a child that has already exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""]);
  await new Promise((resolve) => child.once("exit", resolve));
  return child.pid!;
}

/** Starts the real server entry point and waits for it to exit (or gives up after `ms`). */
function startServer(env: Record<string, string>, ms = 25_000) {
  const child = spawn("npx", ["tsx", "server.ts"], {
    cwd: process.cwd(),
    env: { ...process.env, NODE_ENV: "development", LOG_LEVEL: "warn", SEED_DEMO: "false", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const started = Date.now();
  return new Promise<{ code: number | null; output: string; elapsed: number }>((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), ms);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output, elapsed: Date.now() - started });
    });
  });
}

describe("lockDataDirectory", () => {
  it("refuses a directory held by a live process and names it", () => {
    const dir = dataDir();
    lockDataDirectory(dir, process.pid);
    expect(() => lockDataDirectory(dir, process.pid + 1)).toThrow(DataDirectoryInUseError);
    expect(() => lockDataDirectory(dir, process.pid + 1)).toThrow(new RegExp(`pid ${process.pid}\\)`));
  });

  it("takes over a lock left by a process that is gone, and releases only its own", async () => {
    const dir = dataDir();
    const file = path.join(dir, LOCK_FILE);
    writeFileSync(file, `${await deadPid()}\n`);
    const release = lockDataDirectory(dir, process.pid);
    expect(readFileSync(file, "utf8").trim()).toBe(String(process.pid));
    release();
    expect(existsSync(file)).toBe(false);
  });
});

describe("a second server process", () => {
  it("exits non-zero within seconds when the port is taken, before creating any database files", async () => {
    const busy = net.createServer();
    await new Promise<void>((resolve) => busy.listen(0, "127.0.0.1", resolve));
    const port = (busy.address() as net.AddressInfo).port;
    const dir = dataDir();
    try {
      const result = await startServer({ PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dir });
      expect(result.code).not.toBe(0);
      expect(result.code).not.toBeNull();
      expect(result.output).toMatch(new RegExp(`Port ${port} on 127.0.0.1 is already in use`));
      expect(result.elapsed).toBeLessThan(20_000);
      expect(readdirSync(dir).filter((name) => name !== "secrets.json")).toEqual([]);
    } finally {
      busy.close();
    }
  });

  it("exits non-zero when its data directory is held by a live process, leaving the data untouched", async () => {
    const dir = dataDir();
    writeFileSync(path.join(dir, LOCK_FILE), `${process.pid}\n`);
    const result = await startServer({ PORT: "3241", HOST: "127.0.0.1", DATA_DIR: dir });
    expect(result.code).not.toBe(0);
    expect(result.code).not.toBeNull();
    expect(result.output).toMatch(/is in use by another Switchboard process/);
    expect(existsSync(path.join(dir, "pglite"))).toBe(false);
    expect(readFileSync(path.join(dir, LOCK_FILE), "utf8").trim()).toBe(String(process.pid));
  });
});
