import Database from "better-sqlite3";
import { chmodSync, copyFileSync, existsSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { readEnv, type Env } from "../config/env";
import { runningGuichet } from "../ops/pid-file";
import { backupSqlite, checkGuichetDatabase } from "../ops/sqlite-backup";
import type { CommandIo } from "./kb-search";
import type { CommandContext } from "./open-desk";

export const BACKUP_USAGE = `Usage: guichet backup FILE
       guichet restore FILE

backup   writes a consistent copy of the SQLite database (GUICHET_DB_FILE) to FILE, while guichet runs,
         then opens the copy to check it. FILE must not exist: a backup never overwrites another.
restore  replaces the SQLite database with the copy in FILE, after checking it. guichet must be stopped:
         restore refuses to run while it is. The database replaced is kept beside it, renamed
         *.before-restore-DATE. guichet applies its newer migrations to the copy at its next start.

With DATABASE_URL (PostgreSQL), use pg_dump and pg_restore instead (see README, "Backups").
`;

/** `guichet backup FILE`: 0 when written and checked, 1 when it cannot be, 2 for bad arguments. */
export async function runBackup(argv: string[], io: CommandIo, context: CommandContext = {}): Promise<number> {
  const parsed = fileArgument("backup", argv, io, context);
  if (typeof parsed === "number") return parsed;
  const { env, file } = parsed;
  const fail = (message: string) => {
    io.stderr.write(`guichet backup: ${message}\n`);
    return 1;
  };
  if (env.DATABASE_URL) return fail("the database is PostgreSQL (DATABASE_URL): back it up with pg_dump (see README, \"Backups\")");
  if (!existsSync(env.GUICHET_DB_FILE)) return fail(`no guichet database at ${path.resolve(env.GUICHET_DB_FILE)}: set GUICHET_DB_FILE or DATABASE_URL`);
  if (existsSync(file)) return fail(`${file} already exists: a backup never overwrites a file; choose another name`);
  try {
    const summary = await backupSqlite(env.GUICHET_DB_FILE, file);
    io.stdout.write(`backup written: ${file} (${summary.tickets} tickets, ${formatBytes(summary.bytes)}, integrity checked)\n`);
    return 0;
  } catch (error) {
    return fail(`cannot back up ${env.GUICHET_DB_FILE}: ${(error as Error).message}`);
  }
}

/** `guichet restore FILE`: 0 when restored, 1 when refused or impossible, 2 for bad arguments. */
export async function runRestore(argv: string[], io: CommandIo, context: CommandContext = {}): Promise<number> {
  const parsed = fileArgument("restore", argv, io, context);
  if (typeof parsed === "number") return parsed;
  const { env, file } = parsed;
  const fail = (message: string) => {
    io.stderr.write(`guichet restore: ${message}\n`);
    return 1;
  };
  const database = env.GUICHET_DB_FILE;
  if (env.DATABASE_URL) return fail("the database is PostgreSQL (DATABASE_URL): restore it with pg_restore (see README, \"Backups\")");
  const running = runningGuichet(database);
  if (running !== null) return fail(`guichet is running on ${database} (pid ${running}): stop it first (e.g. systemctl stop guichet), then restore`);
  let backup;
  try {
    backup = checkGuichetDatabase(file);
  } catch (error) {
    return fail(`${(error as Error).message}: nothing was changed`);
  }
  let aside: string | null = null;
  if (existsSync(database)) {
    // Whatever the last run left in the write-ahead log goes into the file before it is moved aside.
    const current = new Database(database, { fileMustExist: true });
    current.pragma("wal_checkpoint(TRUNCATE)");
    current.close();
    aside = `${database}.before-restore-${(context.now?.() ?? new Date()).toISOString().replace(/[:.]/g, "-")}`;
    renameSync(database, aside);
    for (const suffix of ["-wal", "-shm"]) rmSync(`${database}${suffix}`, { force: true });
  }
  const incoming = `${database}.restoring`;
  copyFileSync(file, incoming);
  chmodSync(incoming, 0o600);
  renameSync(incoming, database);
  io.stdout.write(
    `restored ${file} into ${database} (${backup.tickets} tickets)${aside ? `; the database it replaces is kept as ${aside}` : ""}.\n` +
      "Start guichet: it applies the migrations of this version to the restored database.\n",
  );
  return 0;
}

function fileArgument(command: string, argv: string[], io: CommandIo, context: CommandContext): { env: Env; file: string } | number {
  let positionals: string[];
  try {
    ({ positionals } = parseArgs({ args: argv, strict: true, allowPositionals: true, options: {} }));
  } catch (error) {
    io.stderr.write(`guichet ${command}: ${(error as Error).message}\n\n${BACKUP_USAGE}`);
    return 2;
  }
  if (positionals.length !== 1) {
    io.stderr.write(`guichet ${command}: name one FILE\n\n${BACKUP_USAGE}`);
    return 2;
  }
  try {
    return { env: readEnv(context.env ?? process.env), file: positionals[0] };
  } catch (error) {
    io.stderr.write(`guichet ${command}: ${(error as Error).message}\n`);
    return 1;
  }
}

function formatBytes(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
