import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import type { Platform } from "./PersonIdentity";
import type { ThreadRole } from "./TicketThread";

export type OutboxStatus = "pending" | "sent" | "failed";

/** Where a message goes: a chat platform, or `desk` for a call to another system (a helpdesk, a webhook receiver). */
export type OutboxRoute = Platform | "desk";

/**
 * A message to deliver to a chat platform, or a call to make to another desk. It is written in the same transaction as the change that causes it,
 * then delivered (and retried) by the outbox dispatcher, so an outage or a restart loses nothing.
 */
@Entity("outbox_message")
@Index("IDX_outbox_pending", ["status", "nextAttemptAt"])
@Index("IDX_outbox_thread_status", ["ticketThreadId", "status"])
@Index("IDX_outbox_order", ["orderKey", "status", "id"])
@Index("IDX_outbox_sent", ["status", "sentAt"])
export class OutboxMessage {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "varchar", length: 20 })
  platform!: OutboxRoute;

  /** post: a new message; update: edit the ticket's post in place. */
  @Column({ type: "varchar", length: 20, default: "post" })
  operation!: "post" | "update";

  /** Conversation (channel or DM) id on the platform; for `desk`, which desk or webhook (`desk:ric`, `webhook:bi`). */
  @Column({ type: "varchar", length: 200 })
  conversation!: string;

  /** Thread to post in; when null and `ticketThreadId` is set, the thread is read at delivery time. */
  @Column({ type: "varchar", length: 200, nullable: true })
  thread!: string | null;

  /** The ticket thread this message belongs to (its post is created by, or updated by, this message). */
  @Column({ type: "integer", nullable: true })
  ticketThreadId!: number | null;

  @Column({ type: "varchar", length: 20, nullable: true })
  threadRole!: ThreadRole | null;

  /**
   * What this message must wait for: `thread:<ticketThreadId>` for a ticket thread (its root post first), else
   * `<platform>:<conversation>`. Messages of one key go one after the other, in id order; different keys in parallel.
   */
  @Column({ type: "varchar", length: 300, default: "" })
  orderKey!: string;

  /** The message view model (channel-neutral), rendered by the channel at delivery; for `desk`, the call to make. */
  @Column({ type: "simple-json" })
  payload!: unknown;

  /** Messages that must go once (SLA notices, receipts) carry a key; the unique index refuses a second copy. */
  @Index("UQ_outbox_dedupe", { unique: true })
  @Column({ type: "varchar", length: 200, nullable: true })
  dedupeKey!: string | null;

  @Column({ type: "varchar", length: 20, default: "pending" })
  status!: OutboxStatus;

  /** Failed deliveries so far. */
  @Column({ type: "integer", default: 0 })
  attempts!: number;

  /** Times a dispatcher took the message to deliver it; more than `attempts + 1` means an outcome was lost. */
  @Column({ type: "integer", default: 0 })
  claims!: number;

  /** The last failure may have reached the platform all the same (a timeout, a lost answer). */
  @Column({ type: "boolean", default: false })
  maybeDelivered!: boolean;

  @Column({ type: Date })
  nextAttemptAt!: Date;

  /** A dispatcher holds the row until then (renewed while it delivers), so two instances never send it at once. */
  @Column({ type: Date, nullable: true })
  lockedUntil!: Date | null;

  @Column({ type: "text", nullable: true })
  lastError!: string | null;

  @CreateDateColumn({ type: Date })
  createdAt!: Date;

  @Column({ type: Date, nullable: true })
  sentAt!: Date | null;
}
