import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { RunCoordinator } from "node-cron";
import { LessThan } from "typeorm";
import type { Store } from "../store/data-source";
import { JobLease } from "../store/entities/JobLease";

/**
 * node-cron 4's run coordinator backed by guichet's own database: before each fire of a `distributed` task, every
 * instance inserts the fire's key (`name:fireTimeISO`) if absent, and the one whose row it is runs the fire. It
 * works the same on SQLite and on PostgreSQL (where the second insert waits for the first to commit, then does
 * nothing). A fire whose runner dies is not retried: the jobs are sweeps of stored state, and the next fire, or the
 * catch-up at start-up, does the work; the notice keys still forbid any second send.
 */
export class DatabaseRunCoordinator implements RunCoordinator {
  /** This instance's name in the lease rows: host, process and a random part (two desks in one process differ). */
  readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

  constructor(
    private readonly store: Store,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async shouldRun(key: string, ttlMs: number): Promise<boolean> {
    const now = this.now();
    return this.store.transaction(async (manager) => {
      await manager
        .createQueryBuilder()
        .insert()
        .into(JobLease)
        .values({ key, owner: this.owner, acquiredAt: now, expiresAt: new Date(now.getTime() + ttlMs), completedAt: null })
        .orIgnore()
        .execute();
      const lease = await manager.findOne(JobLease, { where: { key } });
      return lease?.owner === this.owner;
    });
  }

  async onComplete(key: string): Promise<void> {
    await this.store.transaction((manager) => manager.update(JobLease, { key, owner: this.owner }, { completedAt: this.now() }));
  }

  /** Deletes leases expired before `before` (kept a day for diagnosis by the sweep job). */
  async prune(before: Date): Promise<number> {
    const result = await this.store.transaction((manager) => manager.delete(JobLease, { expiresAt: LessThan(before) }));
    return result.affected ?? 0;
  }
}
