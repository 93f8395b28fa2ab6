/**
 * A change lost to another transaction that committed first (a conditional update that found the row moved on).
 * Running the whole transaction again reads the new state and decides anew.
 */
export class ConcurrentChangeError extends Error {
  constructor(what: string) {
    super(`${what} changed under this transaction`);
    this.name = "ConcurrentChangeError";
  }
}

/**
 * Errors that say "another transaction got there first", not "this work is wrong": PostgreSQL's serialization
 * failure and deadlock, a unique index two transactions filled at once, SQLite's busy file (another process holds
 * the write lock), and a lost conditional update. The same work run again on the new state usually succeeds.
 */
export function isTransientConflict(error: unknown): boolean {
  if (error instanceof ConcurrentChangeError) return true;
  const code = String((error as { code?: unknown } | null)?.code ?? "");
  return ["40001", "40P01", "23505"].includes(code) || /^SQLITE_(BUSY|CONSTRAINT_UNIQUE|CONSTRAINT_PRIMARYKEY)/.test(code);
}

/** A short, growing, random pause before the next attempt, so that the two racers do not collide again. */
export function conflictBackoffMs(attempt: number): number {
  return Math.round((5 + Math.random() * 20) * 2 ** (attempt - 1));
}
