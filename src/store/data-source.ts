import { closeSync, mkdirSync, openSync, statSync } from "node:fs";
import path from "node:path";
import { DataSource, type DataSourceOptions, type EntityManager } from "typeorm";
import { MIGRATIONS } from "../../migrations";
import { logger } from "../logger";
import { ENTITIES } from "./entities";
import { SqliteGroupCommit } from "./sqlite-group-commit";
import { bindWholeNumbersAsParameters } from "./sqlite-parameters";
import { conflictBackoffMs, isTransientConflict } from "./transaction-retry";

export interface StoreOptions {
  /** PostgreSQL URL; when absent, the embedded SQLite file is used. */
  databaseUrl?: string;
  /** SQLite file, or ":memory:" for tests. */
  sqliteFile?: string;
}

/** Builds the TypeORM options for SQLite (default) or PostgreSQL. The schema comes only from migrations. */
export function dataSourceOptions(options: StoreOptions): DataSourceOptions {
  const common = { entities: ENTITIES, migrations: MIGRATIONS, synchronize: false, migrationsRun: false, logging: false };
  if (options.databaseUrl) {
    return { ...common, type: "postgres", url: options.databaseUrl, extra: { max: 10 } };
  }
  const file = options.sqliteFile ?? "data/guichet.sqlite";
  if (file !== ":memory:") prepareSqliteFile(file);
  // WAL lets readers go on while a write commits; the busy timeout covers a second process on the same file.
  // The statement cache (per connection) holds every statement of the hot paths, including IN lists of several lengths.
  return { ...common, type: "better-sqlite3", database: file, enableWAL: file !== ":memory:", timeout: 5000, statementCacheSize: 500 };
}

/**
 * The SQLite file holds people's words: a folder guichet creates for it is 0700 and the file 0600 (SQLite gives its
 * -wal and -shm files the file's own mode), so that no other local user reads them. An existing file that others
 * may read is left as it is, and said so in the log.
 */
function prepareSqliteFile(file: string): void {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true, mode: 0o700 });
  try {
    closeSync(openSync(file, "wx", 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    if ((statSync(file).mode & 0o077) !== 0) {
      logger.warn({ event: "store.file_readable_by_others", file }, `${file} can be read by other users of this machine: chmod 600 it (and its -wal and -shm files)`);
    }
  }
}

/**
 * The database: one DataSource, migrations applied at open, and transactions that are safe on both databases.
 * better-sqlite3 holds one connection, so two concurrent transactions would collide ("cannot start a transaction
 * within a transaction"): on SQLite they are queued, and those that wait are committed together
 * (`SqliteGroupCommit`); PostgreSQL gives each its own connection.
 */
export class Store {
  /** SQLite's one connection, taken in turn. */
  private readonly sqlite: SqliteGroupCommit | null;

  private constructor(readonly dataSource: DataSource) {
    this.sqlite = this.isSqlite ? new SqliteGroupCommit(dataSource) : null;
  }

  static async open(options: StoreOptions): Promise<Store> {
    const store = await Store.connect(options);
    await store.dataSource.runMigrations({ transaction: "each" });
    return store;
  }

  /** Connects without applying migrations (`guichet doctor` looks at a database without changing it). */
  static async connect(options: StoreOptions): Promise<Store> {
    const dataSource = new DataSource(dataSourceOptions(options));
    await dataSource.initialize();
    if (dataSource.options.type === "better-sqlite3") bindWholeNumbersAsParameters(dataSource);
    return new Store(dataSource);
  }

  /** The names of the migrations this version has that the database has not applied yet, oldest first. */
  async pendingMigrations(): Promise<string[]> {
    const runner = this.dataSource.createQueryRunner();
    try {
      const applied = (await runner.hasTable("migrations"))
        ? new Set((await runner.query("SELECT name FROM migrations")).map((row: { name: string }) => row.name))
        : new Set<string>();
      return this.dataSource.migrations.map((m) => m.name ?? m.constructor.name).filter((name) => !applied.has(name));
    } finally {
      await runner.release();
    }
  }

  get isSqlite(): boolean {
    return this.dataSource.options.type === "better-sqlite3";
  }

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  /**
   * Runs `work` in one transaction; everything it writes commits together or not at all. On SQLite, an `urgent`
   * transaction goes before those waiting for the connection: the outbox records what a platform has just accepted
   * that way, so that a crash in between (which would send the message again) has the shortest window.
   */
  transaction<T>(work: (manager: EntityManager) => Promise<T>, options: { urgent?: boolean } = {}): Promise<T> {
    if (!this.sqlite) return this.dataSource.transaction(work);
    return this.sqlite.run(work, options.urgent === true);
  }

  /**
   * Runs `work` in a transaction, and again (up to `attempts` times in all) when it loses a race to another
   * transaction (see `isTransientConflict`): the work must be safe to repeat, which a transaction's work is, since a
   * failed attempt leaves nothing behind. `onRetry` is told of each conflict before the next attempt.
   */
  async transactionRetrying<T>(
    work: (manager: EntityManager) => Promise<T>,
    options: { attempts?: number; onRetry?: (error: unknown, attempt: number) => void } = {},
  ): Promise<T> {
    const attempts = options.attempts ?? 5;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.transaction(work);
      } catch (error) {
        if (attempt >= attempts || !isTransientConflict(error)) throw error;
        options.onRetry?.(error, attempt);
        await new Promise((resolve) => setTimeout(resolve, conflictBackoffMs(attempt)));
      }
    }
  }

  async close(): Promise<void> {
    await this.sqlite?.idle();
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
