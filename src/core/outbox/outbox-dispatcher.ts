import { In, type EntityManager } from "typeorm";
import { logger } from "../../logger";
import { metrics } from "../../metrics";
import type { Store } from "../../store/data-source";
import { OutboxMessage, type OutboxRoute } from "../../store/entities/OutboxMessage";
import type { Platform } from "../../store/entities/PersonIdentity";
import { TicketThread } from "../../store/entities/TicketThread";
import { selectEntities } from "../../store/entity-rows";
import { queryReturning } from "../../store/returning-query";
import type { MessageView } from "../messages/message-view";
import { DeliveryError, type ChannelSender, type Delivery } from "./channel-sender";

export interface DispatcherOptions {
  /** Clock, replaceable in tests. */
  now?: () => Date;
  /** After this many failures a message is marked failed and left for an operator (it stays in the table). */
  maxAttempts?: number;
  /** How long a claim holds a message before another instance may take it; renewed while its delivery runs. */
  leaseMs?: number;
  /** Deliveries in flight at once, across conversations (within one conversation or ticket thread: one at a time). */
  concurrency?: number;
}

export const DEFAULT_OUTBOX_CONCURRENCY = 16;

/** A message that is due, not leased, and has no older pending message of its key before it (`o` is its row). */
const DUE_HEAD = `"o"."status" = 'pending' AND "o"."platform" IN (:...routes) AND "o"."nextAttemptAt" <= :now
  AND ("o"."lockedUntil" IS NULL OR "o"."lockedUntil" <= :now)
  AND NOT EXISTS (SELECT 1 FROM "outbox_message" "before" WHERE "before"."orderKey" = "o"."orderKey" AND "before"."status" = 'pending' AND "before"."id" < "o"."id")`;

/** A message this instance has taken, with what its delivery needs to know. */
interface Claimed {
  row: OutboxMessage;
  /** The root post of its ticket thread, when known at claim time (it is set by the thread's first post). */
  root: string | null;
  /** An earlier claim ended without an outcome (a crash after the platform may have accepted the message). */
  possiblyDelivered: boolean;
}

/** A delivery's end: the platform's message id (and what else it brought back), or the error. */
type Outcome =
  | { claimed: Claimed; delivery: Delivery<unknown> | null; messageId: string | undefined; result: unknown }
  | { claimed: Claimed; delivery: Delivery<unknown> | null; error: unknown };

/** A post that turned out to be a second copy: another delivery of the same message got recorded first. */
interface Duplicate {
  platform: OutboxRoute;
  conversation: string;
  messageId: string;
  outboxId: number;
}

/**
 * Delivers the outbox: many conversations at once (up to `concurrency` calls in flight, so a platform that answers
 * in 50 ms is not a ceiling of 20 messages a second), and in order within each: the messages of one ticket thread,
 * or else of one conversation, go one after the other (a thread's first post is its root before anything is posted
 * under it, and a failure holds back what follows it instead of reordering the conversation). Only due messages are
 * read, the oldest first of each conversation, so one conversation failing for hours delays nobody else.
 *
 * A message is claimed with a short lease, renewed while it is being delivered; the platform's answer is recorded
 * at once (the bookkeeping of the deliveries that finish together goes in one transaction, ahead of other work on
 * SQLite). Delivery is at least once: a crash between the platform's answer and that record sends the message
 * again after the lease (README, "Reliability"). Failures are retried with backoff, honouring Retry-After.
 */
export class OutboxDispatcher {
  private readonly senders = new Map<OutboxRoute, ChannelSender<unknown>>();
  private readonly now: () => Date;
  private readonly maxAttempts: number;
  private readonly leaseMs: number;
  private readonly concurrency: number;
  /** Deliveries running, by outbox id (their leases are renewed). */
  private readonly inFlight = new Map<number, Promise<void>>();
  private pumping: Promise<void> | null = null;
  private pumpAgain = false;
  /** Outcomes waiting to be written, and the write under way. */
  private readonly outcomes: Array<{ outcome: Outcome; written: () => void }> = [];
  private recording: Promise<void> | null = null;
  private timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly store: Store,
    options: DispatcherOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.maxAttempts = options.maxAttempts ?? 50;
    this.leaseMs = options.leaseMs ?? 15_000;
    this.concurrency = Math.max(1, options.concurrency ?? DEFAULT_OUTBOX_CONCURRENCY);
  }

  /** A chat channel, or the sender of calls to other desks (`desk`). */
  register(sender: ChannelSender<unknown>): void {
    this.senders.set(sender.platform, sender);
  }

  /** The chat platforms this instance posts on (other desks are no place to post a ticket's threads). */
  get platforms(): Platform[] {
    return [...this.senders.keys()].filter((route): route is Platform => route !== "desk");
  }

  /**
   * New messages are delivered when they are written (`kick`); this also looks every `intervalMs` for retries that
   * fell due and for messages other instances wrote, and renews the leases of the deliveries under way.
   */
  start(intervalMs = 1000): void {
    this.stop();
    this.timers = [setInterval(() => this.kick(), intervalMs), setInterval(() => void this.renewLeases(), this.leaseMs / 3)];
    for (const timer of this.timers) timer.unref();
  }

  stop(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
  }

  /** Asks for deliveries now; a kick while messages are being claimed claims once more after. */
  kick(): void {
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = this.pump()
      .catch((error: unknown) => logger.error({ event: "outbox.pass_failed", err: error }))
      .finally(() => {
        this.pumping = null;
        if (this.pumpAgain) {
          this.pumpAgain = false;
          this.kick();
        }
      });
  }

  /** Delivers what is due now and waits until those deliveries (and what they let through) are recorded. */
  async runOnce(): Promise<void> {
    this.kick();
    await this.idle();
  }

  /** Delivers until nothing due is left (for tests and shutdown). */
  async drain(maxRounds = 100): Promise<void> {
    for (let round = 0; round < maxRounds; round++) {
      await this.runOnce();
      if ((await this.store.transaction((manager) => this.dueHeads(1, manager))).length === 0) return;
    }
  }

  /** Waits until no claim, delivery or record is under way. */
  private async idle(): Promise<void> {
    while (this.pumping || this.inFlight.size > 0 || this.recording) {
      await Promise.all([this.pumping, this.recording, ...this.inFlight.values()]);
    }
  }

  private async pump(): Promise<void> {
    for (;;) {
      const free = this.concurrency - this.inFlight.size;
      if (free <= 0 || this.senders.size === 0) return;
      const claimed = await this.claimDue(free);
      for (const message of claimed) this.launch(message);
      if (claimed.length < free) return;
    }
  }

  private launch(claimed: Claimed): void {
    const id = claimed.row.id;
    const delivery = this.deliver(claimed)
      .then((outcome) => this.record(outcome))
      .finally(() => {
        this.inFlight.delete(id);
        // What waited behind this message (its thread, its conversation) may go now.
        this.kick();
      });
    this.inFlight.set(id, delivery);
  }

  /**
   * The oldest due message of each conversation or ticket thread (a message waits for the older pending ones of its
   * key, due or not), oldest first, at most `limit`. Messages held by a live lease are not due.
   */
  private dueHeads(limit: number, manager: EntityManager): Promise<OutboxMessage[]> {
    if (this.senders.size === 0) return Promise.resolve([]);
    return selectEntities(manager, OutboxMessage, `SELECT * FROM "outbox_message" "o" WHERE ${DUE_HEAD} ORDER BY "o"."id" LIMIT :limit`, this.dueParameters(limit));
  }

  private dueParameters(limit: number): Record<string, unknown> {
    return { routes: [...this.senders.keys()], now: this.now(), limit };
  }

  /**
   * Takes up to `limit` due messages for this instance, in one transaction: one UPDATE leases them all and gives them
   * back (another instance taking the same rows at the same moment gets the others, or none), and one query reads
   * their ticket threads' roots when they have some.
   */
  private claimDue(limit: number): Promise<Claimed[]> {
    if (this.senders.size === 0) return Promise.resolve([]);
    return this.store.transaction(async (manager) => {
      const parameters = this.dueParameters(limit);
      const taken = await selectEntities(
        manager,
        OutboxMessage,
        `UPDATE "outbox_message" SET "lockedUntil" = :until, "claims" = "claims" + 1
          WHERE "id" IN (SELECT "o"."id" FROM "outbox_message" "o" WHERE ${DUE_HEAD} ORDER BY "o"."id" LIMIT :limit)
          AND "status" = 'pending' AND ("lockedUntil" IS NULL OR "lockedUntil" <= :now) RETURNING *`,
        { ...parameters, until: new Date((parameters.now as Date).getTime() + this.leaseMs) },
      );
      const rows = taken.sort((a, b) => a.id - b.id);
      const threadIds = rows.flatMap((row) => (row.ticketThreadId !== null ? [row.ticketThreadId] : []));
      const threads = threadIds.length > 0 ? await manager.find(TicketThread, { where: { id: In(threadIds) } }) : [];
      return rows.map((row) => ({
        row,
        root: threads.find((thread) => thread.id === row.ticketThreadId)?.thread ?? null,
        // Each claim ends in a recorded success or failure, unless the process died during the delivery (this claim
        // is counted already).
        possiblyDelivered: row.maybeDelivered || row.claims - 1 > row.attempts,
      }));
    });
  }

  private async deliver(claimed: Claimed): Promise<Outcome> {
    const { row, root } = claimed;
    if (claimed.possiblyDelivered) {
      logger.warn({ event: "outbox.redelivery", id: row.id, platform: row.platform, claims: row.claims, attempts: row.attempts },
        "delivering again a message whose last delivery may have reached the platform: looking for it first where the platform allows");
    }
    let delivery: Delivery<unknown> | null = null;
    try {
      const sender = this.senders.get(row.platform);
      if (!sender) throw new DeliveryError(`no ${row.platform} channel in this instance`);
      if (row.operation === "update" && !root) throw new DeliveryError("the post to update was never delivered", { permanent: true });
      delivery = {
        outboxId: row.id,
        operation: row.operation,
        conversation: row.conversation,
        thread: root ?? row.thread,
        messageId: row.operation === "update" ? root : null,
        view: row.payload,
        ...(claimed.possiblyDelivered ? { possiblyDelivered: { since: row.createdAt } } : {}),
      };
      const sent = await sender.deliver(delivery);
      return { claimed, delivery, messageId: sent.messageId, result: sent.result };
    } catch (error) {
      return { claimed, delivery, error };
    }
  }

  /** Queues an outcome for the next write; resolves once it is committed (or the write failed and was logged). */
  private record(outcome: Outcome): Promise<void> {
    return new Promise((written) => {
      this.outcomes.push({ outcome, written });
      this.writeSoon();
    });
  }

  private writeSoon(): void {
    if (this.recording) return;
    this.recording = this.writeOutcomes().finally(() => {
      this.recording = null;
      if (this.outcomes.length > 0) this.writeSoon();
    });
  }

  private async writeOutcomes(): Promise<void> {
    const batch = this.outcomes.splice(0);
    try {
      const outcomes = batch.map((b) => b.outcome);
      const duplicates = await this.store.transaction((manager) => this.writeBatch(manager, outcomes), { urgent: true });
      for (const outcome of outcomes) this.logOutcome(outcome);
      await Promise.all(duplicates.map((duplicate) => this.retract(duplicate)));
    } catch (error) {
      // The messages stay leased until their lease runs out, then are delivered again.
      logger.error({ event: "outbox.record_failed", ids: batch.map((b) => b.outcome.claimed.row.id), err: error });
    } finally {
      for (const { written } of batch) written();
    }
  }

  /**
   * One transaction for the deliveries that finished together: the sent ones in one UPDATE (which also says which
   * were still unsent: a message another instance already recorded as sent was delivered twice), each new ticket
   * thread's root set once, and each failure with its next attempt. Returns the posts to take back.
   */
  private async writeBatch(manager: EntityManager, outcomes: Outcome[]): Promise<Duplicate[]> {
    const now = this.now();
    const duplicates: Duplicate[] = [];
    const sent = outcomes.filter((o): o is Extract<Outcome, { result: unknown }> => !("error" in o));
    if (sent.length > 0) {
      const marked = await queryReturning<{ id: number | string }>(
        manager,
        `UPDATE "outbox_message" SET "status" = 'sent', "sentAt" = :now, "lockedUntil" = NULL, "lastError" = NULL
          WHERE "id" IN (:...ids) AND "status" <> 'sent' RETURNING "id"`,
        { ids: sent.map((o) => o.claimed.row.id), now },
      );
      const markedIds = new Set(marked.map((row) => Number(row.id)));
      for (const { claimed, delivery, messageId, result } of sent) {
        const { row } = claimed;
        const copy = messageId && row.operation === "post" ? { platform: row.platform, conversation: row.conversation, messageId, outboxId: row.id } : null;
        if (!markedIds.has(row.id)) {
          if (copy) duplicates.push(copy);
          continue;
        }
        if (delivery) await this.senders.get(row.platform)?.delivered?.(manager, delivery, result);
        // The first post of a ticket thread becomes its root, once: later posts go under it, updates edit it. A
        // second root (the same post delivered twice) is taken back rather than left as a card nobody updates.
        if (copy && row.ticketThreadId !== null && claimed.root === null) {
          const rooted = await manager
            .createQueryBuilder()
            .update(TicketThread)
            .set({ thread: copy.messageId })
            .where("id = :id AND thread IS NULL", { id: row.ticketThreadId })
            .execute();
          if (rooted.affected !== 1) duplicates.push(copy);
        }
      }
    }
    for (const outcome of outcomes) {
      if ("error" in outcome) await this.writeFailure(manager, outcome, now);
    }
    return duplicates;
  }

  private async writeFailure(manager: EntityManager, outcome: Extract<Outcome, { error: unknown }>, now: Date): Promise<void> {
    const { claimed: { row }, delivery, error } = outcome;
    const failure = this.failureOf(row, error);
    // Conditional: a copy of this message that another instance delivered meanwhile stays sent.
    const written = await manager
      .createQueryBuilder()
      .update(OutboxMessage)
      .set({
        attempts: failure.attempts,
        status: failure.giveUp ? "failed" : "pending",
        nextAttemptAt: new Date(now.getTime() + failure.delayMs),
        lockedUntil: null,
        lastError: failure.message.slice(0, 1000),
        maybeDelivered: row.maybeDelivered || failure.maybeDelivered,
      })
      .where("id = :id AND status = 'pending'", { id: row.id })
      .execute();
    if (written.affected === 1 && delivery) await this.senders.get(row.platform)?.failed?.(manager, delivery, error, failure.giveUp);
  }

  private failureOf(row: OutboxMessage, error: unknown): { attempts: number; giveUp: boolean; delayMs: number; message: string; maybeDelivered: boolean } {
    const attempts = row.attempts + 1;
    const options = error instanceof DeliveryError ? error.options : {};
    // Exponential backoff from 1 s, capped at 5 minutes; a platform's Retry-After wins when it is longer.
    const backoff = Math.min(1000 * 2 ** (attempts - 1), 300_000);
    return {
      attempts,
      giveUp: options.permanent === true || attempts >= this.maxAttempts,
      delayMs: Math.max(backoff, options.retryAfterMs ?? 0),
      message: error instanceof Error ? error.message : String(error),
      // An error the sender did not explain (a bug, a cut connection) may have come after the platform took the message.
      maybeDelivered: options.maybeDelivered ?? !(error instanceof DeliveryError),
    };
  }

  private logOutcome(outcome: Outcome): void {
    const { row } = outcome.claimed;
    if (!("error" in outcome)) {
      metrics.delivery(row.platform, "sent");
      logger.debug({ event: "outbox.sent", id: row.id, platform: row.platform, kind: (row.payload as MessageView).kind });
      return;
    }
    const failure = this.failureOf(row, outcome.error);
    metrics.delivery(row.platform, failure.giveUp ? "gave_up" : "retry");
    const log = failure.giveUp ? logger.error.bind(logger) : logger.warn.bind(logger);
    log({
      event: failure.giveUp ? "outbox.gave_up" : "outbox.retry",
      id: row.id,
      platform: row.platform,
      attempts: failure.attempts,
      delayMs: failure.delayMs,
      error: failure.message,
    });
  }

  /** Takes back a post delivered twice, where the platform allows it; else it stays, and the log says where. */
  private async retract(duplicate: Duplicate): Promise<void> {
    const sender = this.senders.get(duplicate.platform);
    try {
      if (!sender?.retract) throw new Error(`${duplicate.platform} cannot take a post back`);
      await sender.retract(duplicate.conversation, duplicate.messageId);
      logger.warn({ event: "outbox.duplicate_retracted", id: duplicate.outboxId, platform: duplicate.platform, messageId: duplicate.messageId });
    } catch (error) {
      logger.warn({ event: "outbox.duplicate_left", id: duplicate.outboxId, platform: duplicate.platform, messageId: duplicate.messageId, error: (error as Error).message });
    }
  }

  /**
   * Extends the leases of the deliveries under way, so that a slow platform call is not taken over by another
   * instance (the timer of `start` calls it every third of a lease).
   */
  async renewLeases(): Promise<void> {
    const ids = [...this.inFlight.keys()];
    if (ids.length === 0) return;
    const until = new Date(this.now().getTime() + this.leaseMs);
    await this.store
      .transaction((manager) => manager
        .createQueryBuilder()
        .update(OutboxMessage)
        .set({ lockedUntil: until })
        .where("id IN (:...ids) AND status = 'pending'", { ids })
        .execute())
      .catch((error: unknown) => logger.warn({ event: "outbox.lease_renewal_failed", err: error }));
  }
}
