import { readFileSync, rmSync, writeFileSync } from "node:fs";

/**
 * The pid file of a running guichet, beside its SQLite database (`data/guichet.sqlite.pid`): `guichet restore` reads
 * it to refuse replacing the database under a running desk. A file left by a crash names a process that is gone,
 * and counts for nothing.
 */
export function pidFileOf(databaseFile: string): string {
  return `${databaseFile}.pid`;
}

/** The pid of the guichet running on this database, or null (no pid file, or its process is gone). */
export function runningGuichet(databaseFile: string): number | null {
  let pid: number;
  try {
    pid = Number(readFileSync(pidFileOf(databaseFile), "utf8").trim());
  } catch {
    return null;
  }
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : null;
}

/** Writes this process's pid; returns what removes it at exit (only if it is still ours). */
export function claimPidFile(databaseFile: string): () => void {
  const file = pidFileOf(databaseFile);
  writeFileSync(file, `${process.pid}\n`, { mode: 0o644 });
  return () => {
    try {
      if (readFileSync(file, "utf8").trim() === String(process.pid)) rmSync(file);
    } catch {
      // Already gone: nothing to release.
    }
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
