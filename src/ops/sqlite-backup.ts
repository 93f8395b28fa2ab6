import Database from "better-sqlite3";
import { closeSync, existsSync, openSync, renameSync, rmSync, statSync } from "node:fs";

/** The most pages better-sqlite3 lets one backup step copy: more than any guichet database has. */
const ALL_PAGES = 0x7fffffff;

/** What a copy of the database holds, checked by opening it. */
export interface BackupSummary {
  tickets: number;
  bytes: number;
}

/**
 * Writes a consistent copy of a guichet SQLite database to `destination` while guichet may be running, with SQLite's
 * online backup (through its own connection: WAL lets the desk keep writing meanwhile). The copy is taken in one
 * step so that it is one instant of the database, written beside the destination and renamed into place once
 * checked, so that a half-written file never carries the destination's name.
 */
export async function backupSqlite(source: string, destination: string): Promise<BackupSummary> {
  const partial = `${destination}.partial`;
  rmSync(partial, { force: true });
  // A copy holds everything the database does: readable by its owner only, like the database (SQLite writes into
  // the file it finds).
  closeSync(openSync(partial, "wx", 0o600));
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    // Every page in one step, under one read lock: copied page by page between the desk's writes, the copy would
    // be restarted by SQLite at each write of another process, for ever under load.
    await db.backup(partial, { progress: () => ALL_PAGES });
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  } finally {
    db.close();
  }
  const summary = checkGuichetDatabase(partial);
  renameSync(partial, destination);
  return { ...summary, bytes: statSync(destination).size };
}

/** Opens a file as a guichet database and checks it: SQLite's integrity check, guichet's tables. Throws if not. */
export function checkGuichetDatabase(file: string): { tickets: number } {
  if (!existsSync(file)) throw new Error(`${file} does not exist`);
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new Error(`${file} is not a SQLite database (${(error as Error).message})`);
  }
  try {
    const integrity = db.pragma("integrity_check", { simple: true });
    if (integrity !== "ok") throw new Error(`${file} is damaged (integrity check: ${String(integrity)})`);
    const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map((t) => t.name));
    if (!tables.has("ticket") || !tables.has("migrations")) throw new Error(`${file} is a SQLite database but not guichet's (no ticket table)`);
    return { tickets: (db.prepare("SELECT COUNT(*) AS n FROM ticket").get() as { n: number }).n };
  } catch (error) {
    if ((error as { code?: string }).code === "SQLITE_NOTADB") throw new Error(`${file} is not a SQLite database`);
    throw error;
  } finally {
    db.close();
  }
}
