import { randomUUID } from "node:crypto";
import { In } from "typeorm";
import { logger } from "../../logger";
import type { Store } from "../../store/data-source";
import { OutboxMessage } from "../../store/entities/OutboxMessage";
import type { Platform } from "../../store/entities/PersonIdentity";
import { TicketThread } from "../../store/entities/TicketThread";
import type { MessageView } from "../messages/message-view";
import { DeliveryError, type ChannelSender } from "./channel-sender";

export interface DispatcherOptions {
  /** Clock, replaceable in tests. */
  now?: () => Date;
  /** After this many failures a message is marked failed and left for an operator (it stays in the table). */
  maxAttempts?: number;
  /** How long one instance holds a message it is sending. */
  lockMs?: number;
  /** Rows read per pass. */
  batchSize?: number;
}

/**
 * Delivers the outbox in order: messages to the same thread (or conversation) go one after the other, so a thread's
 * first post is its root before anything is posted under it, and a failure holds back what follows it instead of
 * reordering the conversation. Failures are retried with backoff, honouring Retry-After.
 */
export class OutboxDispatcher {
  private readonly senders = new Map<Platform, ChannelSender>();
  private readonly instance = randomUUID();
  private readonly now: () => Date;
  private readonly maxAttempts: number;
  private readonly lockMs: number;
  private readonly batchSize: number;
  private running: Promise<number> | null = null;
  private rerun = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: Store,
    options: DispatcherOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.maxAttempts = options.maxAttempts ?? 50;
    this.lockMs = options.lockMs ?? 60_000;
    this.batchSize = options.batchSize ?? 200;
  }

  register(sender: ChannelSender): void {
    this.senders.set(sender.platform, sender);
  }

  get platforms(): Platform[] {
    return [...this.senders.keys()];
  }

  /** Polls for due messages (retries, other instances' work) every `intervalMs`. */
  start(intervalMs = 1000): void {
    this.stop();
    this.timer = setInterval(() => this.kick(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Asks for a pass soon; passes never overlap, and a kick during a pass runs one more after it. */
  kick(): void {
    void this.runOnce().catch((error: unknown) => logger.error({ event: "outbox.pass_failed", err: error }));
  }

  /** Runs passes until nothing due is left (for tests and shutdown). */
  async drain(maxPasses = 100): Promise<void> {
    for (let i = 0; i < maxPasses; i++) {
      if (this.running) await this.running.catch(() => 0);
      const delivered = await this.runOnce();
      if (delivered === 0 && !(await this.hasDue())) return;
    }
  }

  runOnce(): Promise<number> {
    if (this.running) {
      this.rerun = true;
      return this.running;
    }
    this.running = this.pass().finally(() => {
      this.running = null;
      if (this.rerun) {
        this.rerun = false;
        this.kick();
      }
    });
    return this.running;
  }

  private async hasDue(): Promise<boolean> {
    const rows = await this.pendingRows();
    const now = this.now();
    return rows.some((r) => this.senders.has(r.platform) && r.nextAttemptAt <= now && !this.lockedByOther(r, now));
  }

  // Every read and write below goes through store.transaction: on SQLite that is the one queue of the single
  // connection, so the dispatcher never reads rows of a transaction still open (which may roll back) nor writes
  // inside it.
  private pendingRows(): Promise<OutboxMessage[]> {
    return this.store.transaction((m) => m.find(OutboxMessage, {
      where: { status: "pending", platform: In(this.platforms) },
      order: { id: "ASC" },
      take: this.batchSize,
    }));
  }

  private lockedByOther(row: OutboxMessage, now: Date): boolean {
    return row.lockedUntil !== null && row.lockedUntil > now;
  }

  private async pass(): Promise<number> {
    if (this.senders.size === 0) return 0;
    const rows = await this.pendingRows();
    const blocked = new Set<string>();
    let delivered = 0;
    for (const row of rows) {
      const key = row.ticketThreadId !== null ? `thread:${row.ticketThreadId}` : `${row.platform}:${row.conversation}`;
      if (blocked.has(key)) continue;
      const now = this.now();
      if (row.nextAttemptAt > now || this.lockedByOther(row, now) || !(await this.lock(row, now))) {
        blocked.add(key);
        continue;
      }
      if (await this.deliver(row)) delivered++;
      else blocked.add(key);
    }
    return delivered;
  }

  /** Takes the row for this instance; another instance that took it first wins. */
  private async lock(row: OutboxMessage, now: Date): Promise<boolean> {
    const result = await this.store.transaction((m) => m
      .createQueryBuilder()
      .update(OutboxMessage)
      .set({ lockedUntil: new Date(now.getTime() + this.lockMs) })
      .where("id = :id AND status = 'pending' AND (lockedUntil IS NULL OR lockedUntil <= :now)", { id: row.id, now })
      .execute());
    return result.affected === 1;
  }

  private async deliver(row: OutboxMessage): Promise<boolean> {
    const sender = this.senders.get(row.platform);
    if (!sender) return false;
    const threadId = row.ticketThreadId;
    const thread = threadId !== null ? await this.store.transaction((m) => m.findOne(TicketThread, { where: { id: threadId } })) : null;
    try {
      if (row.operation === "update" && !thread?.thread) {
        throw new DeliveryError("the post to update was never delivered", { permanent: true });
      }
      const result = await sender.deliver({
        outboxId: row.id,
        operation: row.operation,
        conversation: row.conversation,
        thread: thread?.thread ?? row.thread,
        messageId: row.operation === "update" ? (thread?.thread ?? null) : null,
        view: row.payload as MessageView,
      });
      await this.store.transaction(async (manager) => {
        await manager.update(OutboxMessage, { id: row.id }, { status: "sent", sentAt: this.now(), lockedUntil: null, lastError: null });
        // The first post of a ticket thread becomes its root: later posts go under it, updates edit it.
        if (thread && !thread.thread && result.messageId) {
          await manager.update(TicketThread, { id: thread.id }, { thread: result.messageId });
        }
      });
      logger.debug({ event: "outbox.sent", id: row.id, platform: row.platform, kind: (row.payload as MessageView).kind });
      return true;
    } catch (error) {
      await this.recordFailure(row, error);
      return false;
    }
  }

  private async recordFailure(row: OutboxMessage, error: unknown): Promise<void> {
    const attempts = row.attempts + 1;
    const options = error instanceof DeliveryError ? error.options : {};
    const giveUp = options.permanent === true || attempts >= this.maxAttempts;
    // Exponential backoff from 1 s, capped at 5 minutes; a platform's Retry-After wins when it is longer.
    const backoff = Math.min(1000 * 2 ** (attempts - 1), 300_000);
    const delay = Math.max(backoff, options.retryAfterMs ?? 0);
    const message = error instanceof Error ? error.message : String(error);
    await this.store.transaction((m) => m.update(
      OutboxMessage,
      { id: row.id },
      {
        attempts,
        status: giveUp ? "failed" : "pending",
        nextAttemptAt: new Date(this.now().getTime() + delay),
        lockedUntil: null,
        lastError: message.slice(0, 1000),
      },
    ));
    const log = giveUp ? logger.error.bind(logger) : logger.warn.bind(logger);
    log({ event: giveUp ? "outbox.gave_up" : "outbox.retry", id: row.id, platform: row.platform, attempts, delayMs: delay, error: message });
  }
}
