import { randomUUID } from "node:crypto";
import type { EntityManager } from "typeorm";
import { logger } from "../../logger";
import type { Store } from "../../store/data-source";
import type { Platform } from "../../store/entities/PersonIdentity";
import { queryReturning } from "../../store/returning-query";

export interface InboxOptions {
  /** Clock, replaceable in tests. */
  now?: () => Date;
  /**
   * How long an instance holds a delivery it took. It renews the lease while the delivery waits or is handled, so
   * this is how long the deliveries of an instance that died wait before another (or its restart) takes them.
   */
  leaseMs?: number;
  /** Deliveries handled at once (interactions do not wait for a place: a person is waiting on each). */
  concurrency?: number;
  /** Deliveries waiting in memory for a place; past that, what is stored waits in the table for the next pass. */
  maxWaiting?: number;
  /** After this many failures a delivery is set aside (status `failed`, with its last error) for an operator. */
  maxAttempts?: number;
}

/** How a platform's adapter handles a stored delivery; `payload` is what `accept` stored. Throws to be retried. */
export type InboundHandler = (payload: unknown) => Promise<void>;

export interface AcceptOptions {
  /** Handles the delivery now, whatever else is waiting (an interaction: a person waits on it). */
  urgent?: boolean;
  /** How to handle it this time (the adapter still has the request); the registered handler otherwise. */
  run?: () => Promise<void>;
}

/** Handled deliveries are kept this long, so that a late redelivery is still recognised, then deleted. */
const KEEP_HANDLED_MS = 24 * 60 * 60 * 1000;
const PRUNE_EVERY_MS = 10 * 60 * 1000;
const PRUNE_BATCH = 5000;

/**
 * The inbox of platform deliveries: acknowledged means stored. A channel adapter `accept`s a delivery (one short
 * insert, de-duplicated on the platform's id for it) and only then answers the platform 2xx; the inbox hands it to
 * the adapter's handler at once. The instance that stored a delivery holds a lease on it while it waits and while it
 * is handled; a delivery whose handling failed is retried with backoff; one whose instance died (its lease ran out)
 * is taken by the periodic pass of any instance, including the restarted one. So a delivery is handled at least
 * once, and effects happen once because the desk records the platform's event id with them.
 */
export class Inbox {
  private readonly handlers = new Map<Platform, InboundHandler>();
  private readonly instance = randomUUID();
  private readonly now: () => Date;
  private readonly leaseMs: number;
  private readonly concurrency: number;
  private readonly maxWaiting: number;
  private readonly maxAttempts: number;
  /** Deliveries this instance holds: waiting for a place, being handled, or handled and not yet marked. */
  private readonly held = new Set<number>();
  private readonly waiting: Array<{ id: number; start: () => void }> = [];
  private running = 0;
  private readonly tasks = new Set<Promise<void>>();
  private handledIds: number[] = [];
  private markScheduled = false;
  private marking: Promise<void> | null = null;
  private timers: NodeJS.Timeout[] = [];
  private lastPruneAt = 0;

  constructor(
    private readonly store: Store,
    options: InboxOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.leaseMs = options.leaseMs ?? 5000;
    this.concurrency = options.concurrency ?? 32;
    this.maxWaiting = options.maxWaiting ?? 5000;
    this.maxAttempts = options.maxAttempts ?? 10;
  }

  register(platform: Platform, handler: InboundHandler): void {
    this.handlers.set(platform, handler);
  }

  /**
   * Stores a delivery and schedules its handling. "duplicate" when the same delivery (platform and key) was stored
   * before: it was or will be handled, and nothing more happens. The insert runs ahead of the transactions waiting
   * on SQLite: the platform waits on it (Slack for 3 seconds at most).
   */
  async accept(platform: Platform, key: string, payload: unknown, options: AcceptOptions = {}): Promise<"stored" | "duplicate"> {
    const now = this.now();
    // When too much waits in memory, the delivery is stored without a lease: the periodic pass will take it.
    const take = options.urgent === true || this.waiting.length < this.maxWaiting;
    const inserted = await this.store.transaction(
      (m) =>
        queryReturning<{ id: number | string }>(
          m,
          'INSERT INTO "inbound_event" ("platform", "deliveryKey", "payload", "status", "attempts", "nextAttemptAt", "lockedUntil", "lockedBy", "receivedAt") ' +
            "VALUES (:platform, :key, :payload, 'pending', 0, :now, :until, :by, :now) ON CONFLICT DO NOTHING RETURNING \"id\"",
          { platform, key, payload: JSON.stringify(payload), now, until: take ? this.leaseEnd(now) : null, by: take ? this.instance : null },
        ),
      { urgent: true },
    );
    if (inserted.length === 0) return "duplicate";
    if (take) {
      const handler = this.handlers.get(platform);
      const run = options.run ?? (() => (handler ? handler(payload) : Promise.reject(new Error(`no handler for ${platform}`))));
      this.schedule(Number(inserted[0].id), 0, run, options.urgent === true);
    }
    return "stored";
  }

  /** Takes the periodic pass every `intervalMs`, and one now: deliveries left by a stopped or dead instance. */
  start(intervalMs = 1000): void {
    this.stop();
    const pass = () => void this.recover().catch((error: unknown) => logger.error({ event: "inbox.pass_failed", err: error }));
    const renew = () => void this.renewLeases().catch((error: unknown) => logger.error({ event: "inbox.renew_failed", err: error }));
    this.timers = [setInterval(pass, intervalMs), setInterval(renew, Math.max(100, Math.floor(this.leaseMs / 3)))];
    for (const timer of this.timers) timer.unref();
    pass();
  }

  /** Stops the passes; what waits in memory is let go (its leases released) for the next start or another instance. */
  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    const dropped = this.waiting.splice(0).map((entry) => entry.id);
    for (const id of dropped) this.held.delete(id);
    await Promise.all([...this.tasks]);
    await this.markHandled();
    if (dropped.length > 0) {
      await this.store.transaction((m) => this.updateIds(m, dropped, 'SET "lockedUntil" = NULL, "lockedBy" = NULL', 'AND "lockedBy" = :me'));
    }
  }

  /** Resolves when nothing is waiting or being handled here and every handled delivery is marked (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.tasks.size > 0 || this.waiting.length > 0 || this.handledIds.length > 0 || this.marking) {
      await Promise.all([...this.tasks]);
      await this.markHandled();
    }
  }

  /**
   * One pass: takes the deliveries that are due and held by nobody (stored without a lease, retries whose time has
   * come, those of an instance whose lease ran out), as many as there is room for, and handles them. A conditional
   * update takes them, so two instances never take the same one.
   */
  async recover(): Promise<number> {
    await this.prune();
    const room = this.maxWaiting - this.waiting.length;
    const platforms = [...this.handlers.keys()];
    if (room <= 0 || platforms.length === 0) return 0;
    const now = this.now();
    const free = '"status" = \'pending\' AND ("lockedUntil" IS NULL OR "lockedUntil" <= :now)';
    const taken = await this.store.transaction((m) =>
      queryReturning<{ id: number | string; platform: Platform; payload: string | null; attempts: number | string }>(
        m,
        `UPDATE "inbound_event" SET "lockedUntil" = :until, "lockedBy" = :me WHERE ${free} AND "id" IN (` +
          `SELECT "id" FROM "inbound_event" WHERE ${free} AND "platform" IN (:...platforms) AND "nextAttemptAt" <= :now ORDER BY "id" LIMIT :room` +
          ') RETURNING "id", "platform", "payload", "attempts"',
        { now, until: this.leaseEnd(now), me: this.instance, platforms, room: Math.min(room, 500) },
      ),
    );
    let scheduled = 0;
    for (const row of taken.sort((a, b) => Number(a.id) - Number(b.id))) {
      const id = Number(row.id);
      if (this.held.has(id)) continue;
      const handler = this.handlers.get(row.platform);
      if (!handler) continue;
      const payload = parsePayload(row.payload);
      this.schedule(id, Number(row.attempts), () => handler(payload), false);
      scheduled++;
    }
    if (scheduled > 0) logger.info({ event: "inbox.recovered", count: scheduled });
    return scheduled;
  }

  /** `attempts`: how many times the delivery failed before. */
  private schedule(id: number, attempts: number, run: () => Promise<void>, urgent: boolean): void {
    this.held.add(id);
    const start = () => {
      this.running++;
      const task = this.handle(id, attempts, run).finally(() => {
        this.running--;
        this.tasks.delete(task);
        this.startWaiting();
      });
      this.tasks.add(task);
    };
    if (urgent) start();
    else {
      this.waiting.push({ id, start });
      this.startWaiting();
    }
  }

  private startWaiting(): void {
    while (this.running < this.concurrency && this.waiting.length > 0) this.waiting.shift()?.start();
  }

  /** Never throws: a failure is recorded on the row, to be retried. */
  private async handle(id: number, attempts: number, run: () => Promise<void>): Promise<void> {
    try {
      await run();
    } catch (error) {
      this.held.delete(id);
      await this.recordFailure(id, attempts + 1, error).catch((failure: unknown) => logger.error({ event: "inbox.record_failed", id, err: failure }));
      return;
    }
    this.handledIds.push(id);
    this.scheduleMarking();
  }

  /** Handled deliveries are marked together, a moment later: one statement for many under load. */
  private scheduleMarking(): void {
    if (this.markScheduled) return;
    this.markScheduled = true;
    setImmediate(() => {
      this.markScheduled = false;
      void this.markHandled();
    });
  }

  private async markHandled(): Promise<void> {
    while (this.marking) await this.marking;
    const ids = this.handledIds.splice(0);
    if (ids.length === 0) return;
    const now = this.now();
    this.marking = this.store
      .transaction((m) =>
        this.updateIds(m, ids, 'SET "status" = \'done\', "payload" = NULL, "lockedUntil" = NULL, "lockedBy" = NULL, "handledAt" = :now', "", { now }),
      )
      .catch((error: unknown) => {
        // Left as they are: their leases run out and they are handled again, which the desk recognises.
        logger.error({ event: "inbox.mark_failed", count: ids.length, err: error });
      })
      .finally(() => {
        for (const id of ids) this.held.delete(id);
        this.marking = null;
        if (this.handledIds.length > 0) this.scheduleMarking();
      });
    await this.marking;
  }

  private async recordFailure(id: number, attempts: number, error: unknown): Promise<void> {
    const giveUp = attempts >= this.maxAttempts;
    // Exponential backoff from 1 s, capped at 5 minutes, as the outbox does.
    const delayMs = Math.min(1000 * 2 ** (attempts - 1), 300_000);
    const message = error instanceof Error ? error.message : String(error);
    await this.store.transaction((m) =>
      this.updateIds(
        m,
        [id],
        'SET "attempts" = :attempts, "status" = :status, "nextAttemptAt" = :next, "lockedUntil" = NULL, "lockedBy" = NULL, "lastError" = :error',
        "",
        { attempts, status: giveUp ? "failed" : "pending", next: new Date(this.now().getTime() + delayMs), error: message.slice(0, 1000) },
      ),
    );
    const log = giveUp ? logger.error.bind(logger) : logger.warn.bind(logger);
    log({ event: giveUp ? "inbox.gave_up" : "inbox.retry", id, attempts, delayMs, err: error });
  }

  /** Keeps the leases of what this instance holds, so that no other instance takes a delivery still in hand. */
  private async renewLeases(): Promise<void> {
    const ids = [...this.held];
    if (ids.length === 0) return;
    const until = this.leaseEnd(this.now());
    await this.store.transaction((m) => this.updateIds(m, ids, 'SET "lockedUntil" = :until', 'AND "lockedBy" = :me AND "status" = \'pending\'', { until }));
  }

  /** Deletes deliveries handled long ago, a batch at a time, every few minutes. */
  private async prune(): Promise<void> {
    const now = this.now();
    if (now.getTime() - this.lastPruneAt < PRUNE_EVERY_MS) return;
    this.lastPruneAt = now.getTime();
    const cutoff = new Date(now.getTime() - KEEP_HANDLED_MS);
    // nextAttemptAt is never later than handledAt: the index on (status, nextAttemptAt) finds old handled rows.
    for (;;) {
      const deleted = await this.store.transaction((m) =>
        queryReturning<{ id: number }>(
          m,
          'DELETE FROM "inbound_event" WHERE "id" IN (SELECT "id" FROM "inbound_event" WHERE "status" = \'done\' AND "nextAttemptAt" < :cutoff LIMIT :batch) RETURNING "id"',
          { cutoff, batch: PRUNE_BATCH },
        ),
      );
      if (deleted.length < PRUNE_BATCH) return;
    }
  }

  /** `UPDATE "inbound_event" <set> WHERE "id" IN (ids) <and>`, a few hundred ids per statement. */
  private async updateIds(m: EntityManager, ids: number[], set: string, and: string, parameters: Record<string, unknown> = {}): Promise<void> {
    for (let i = 0; i < ids.length; i += 500) {
      const [sql, values] = m.connection.driver.escapeQueryWithParameters(
        `UPDATE "inbound_event" ${set} WHERE "id" IN (:...ids) ${and}`,
        { ...parameters, ids: ids.slice(i, i + 500), me: this.instance },
      );
      await m.query(sql, values);
    }
  }

  private leaseEnd(now: Date): Date {
    return new Date(now.getTime() + this.leaseMs);
  }
}

function parsePayload(text: string | null): unknown {
  try {
    return text === null ? null : JSON.parse(text);
  } catch {
    return null;
  }
}
