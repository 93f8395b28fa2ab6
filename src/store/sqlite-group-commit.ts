import type { DataSource, EntityManager, QueryRunner } from "typeorm";

interface Job {
  work: (manager: EntityManager) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export interface GroupCommitOptions {
  /** Transactions committed together at most. */
  maxJobs?: number;
  /** How long a group may run before it commits, whatever waits (its callers wait for the commit). */
  maxMs?: number;
}

/** The raw better-sqlite3 connection, to ask whether a transaction is still open. */
interface SqliteConnection {
  inTransaction: boolean;
}

/**
 * better-sqlite3 has one connection, so transactions run one after another; each commit writes every page it
 * touched to the WAL (about 25 for a message to the desk: the row and index pages of eight tables) and blocks the
 * event loop while it does. Under load, transactions that wait for the connection are run together in one SQLite
 * transaction and committed at once: each in a savepoint of its own, so one that fails is rolled back alone and its
 * caller gets its error, while the others commit. Their pages are written once for the group.
 *
 * A caller's promise settles only after the group's commit: what it was told committed has committed. If the commit
 * fails, or SQLite itself rolled the transaction back (a full disk), every transaction of the group fails with that
 * error, as each would have alone; none of their effects remain. When nothing else waits, a transaction commits on
 * its own at once, as before. Transactions of a group see the changes of those before them, as they would have
 * one after the other.
 */
export class SqliteGroupCommit {
  private readonly queue: Job[] = [];
  private running = false;
  private readonly maxJobs: number;
  private readonly maxMs: number;

  constructor(
    private readonly dataSource: DataSource,
    options: GroupCommitOptions = {},
  ) {
    this.maxJobs = options.maxJobs ?? 64;
    this.maxMs = options.maxMs ?? 20;
  }

  /** Queues `work`; `urgent` work goes before what waits (it still joins the group under way). */
  run<T>(work: (manager: EntityManager) => Promise<T>, urgent: boolean): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const job: Job = { work, resolve: resolve as (value: unknown) => void, reject };
      if (urgent) this.queue.unshift(job);
      else this.queue.push(job);
      if (!this.running) {
        this.running = true;
        // Not at once: the requests read in this turn of the event loop queue their transactions first, and join
        // the group (Node runs the promises of each request before reading the next one).
        setImmediate(() => void this.drain());
      }
    });
  }

  /** Resolves once nothing is queued or running. */
  async idle(): Promise<void> {
    while (this.running) await new Promise((resolve) => setImmediate(resolve));
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        await this.runGroup();
        // What arrived meanwhile (requests to acknowledge) is read before the next group starts.
        if (this.queue.length > 0) await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      this.running = false;
    }
  }

  private async runGroup(): Promise<void> {
    // Taken now: work queued while the transaction begins (urgent or not) comes after it.
    const group = [this.queue.shift() as Job];
    const runner = this.dataSource.createQueryRunner();
    const connection = (this.dataSource.driver as unknown as { databaseConnection: SqliteConnection }).databaseConnection;
    const committed: Array<{ job: Job; result: unknown }> = [];
    const started = Date.now();
    // TypeORM counts nested transactions; SQLite is the judge of whether one is open.
    if (!connection.inTransaction) resetTransactionState(runner);
    try {
      await runner.startTransaction();
    } catch (error) {
      group[0].reject(error);
      return;
    }
    let lost: unknown = null;
    while (group.length > 0 || (this.queue.length > 0 && committed.length < this.maxJobs && Date.now() - started < this.maxMs)) {
      const job = group.pop() ?? (this.queue.shift() as Job);
      const outcome = await runInSavepoint(runner, job.work);
      if (outcome.ok) {
        committed.push({ job, result: outcome.result });
        continue;
      }
      job.reject(outcome.error);
      // Some errors make SQLite roll back the whole transaction: what the group did before is gone, and what would
      // run next would not be in a transaction at all.
      if (outcome.undone === false || !connection.inTransaction) {
        lost = outcome.error;
        break;
      }
    }
    if (lost === null) {
      try {
        await runner.commitTransaction();
        for (const { job, result } of committed) job.resolve(result);
        return;
      } catch (error) {
        lost = error;
      }
    }
    if (connection.inTransaction) await runner.rollbackTransaction().catch(() => undefined);
    else resetTransactionState(runner);
    for (const { job } of committed) job.reject(lost);
  }
}

type Outcome = { ok: true; result: unknown } | { ok: false; error: unknown; undone: boolean };

/**
 * Runs one transaction's work in a savepoint. On failure the savepoint is rolled back; `undone` is false when that
 * (or the savepoint itself) failed, and the group cannot go on.
 */
async function runInSavepoint(runner: QueryRunner, work: (manager: EntityManager) => Promise<unknown>): Promise<Outcome> {
  try {
    await runner.query('SAVEPOINT "unit"');
  } catch (error) {
    return { ok: false, error, undone: false };
  }
  try {
    const result = await work(runner.manager);
    await runner.query('RELEASE "unit"');
    return { ok: true, result };
  } catch (error) {
    try {
      await runner.query('ROLLBACK TO "unit"');
      await runner.query('RELEASE "unit"');
      return { ok: false, error, undone: true };
    } catch {
      return { ok: false, error, undone: false };
    }
  }
}

/** SQLite ended the transaction itself: TypeORM's runner is told, so that the next group can begin one. */
function resetTransactionState(runner: QueryRunner): void {
  const state = runner as unknown as { isTransactionActive: boolean; transactionDepth: number };
  state.isTransactionActive = false;
  state.transactionDepth = 0;
}
