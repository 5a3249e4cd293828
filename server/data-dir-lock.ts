import { mkdirSync, openSync, readFileSync, unlinkSync, writeSync, closeSync } from "node:fs";
import path from "node:path";

export const LOCK_FILE = "switchboard.lock";

export class DataDirectoryInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `The data directory ${dataDir} is in use by another Switchboard process (pid ${pid}). ` +
        `Stop that process first, or set DATA_DIR to another directory. ` +
        `If no such process is running, delete ${path.join(dataDir, LOCK_FILE)}.`,
    );
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else, which still means "running".
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Claims the embedded database's directory for this process: two processes writing one PGlite
 * directory corrupt it. The lock file holds the owner's pid; a pid that no longer runs is stale
 * and taken over. Returns a release function (also run on exit).
 */
export function lockDataDirectory(dataDir: string, pid = process.pid): () => void {
  const dir = path.resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, "wx", 0o600);
      writeSync(fd, `${pid}\n`);
      closeSync(fd);
      const release = () => {
        try {
          if (readFileSync(file, "utf8").trim() === String(pid)) unlinkSync(file);
        } catch {
          // Already gone: nothing to release.
        }
      };
      process.once("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number.parseInt(readFileSync(file, "utf8").trim(), 10);
      if (Number.isInteger(owner) && owner > 0 && owner !== pid && isRunning(owner)) {
        throw new DataDirectoryInUseError(dir, owner);
      }
      unlinkSync(file);
    }
  }
  throw new Error(`could not create ${file}`);
}
