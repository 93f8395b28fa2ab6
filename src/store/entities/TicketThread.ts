import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import type { Platform } from "./PersonIdentity";

export type ThreadRole = "requester" | "triage" | "expert";

/**
 * Where a ticket is discussed on a platform: the requester's thread, the triage post and its thread,
 * the expert post and its thread. `message` is the post that gets updated in place and replied under.
 * It is filled when the outbox has delivered the post.
 */
@Entity("ticket_thread")
@Index("IDX_ticket_thread_ticket_role", ["ticketId", "role"])
@Index("IDX_ticket_thread_place", ["platform", "conversation", "thread"])
export class TicketThread {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "integer" })
  ticketId!: number;

  @Column({ type: "varchar", length: 20 })
  role!: ThreadRole;

  @Column({ type: "varchar", length: 20 })
  platform!: Platform;

  @Column({ type: "varchar", length: 200 })
  conversation!: string;

  /** The thread's root message id on the platform (Slack ts, Teams activity id), once known. */
  @Column({ type: "varchar", length: 200, nullable: true })
  thread!: string | null;

  /** For expert threads: which group. */
  @Column({ type: "varchar", length: 60, nullable: true })
  expertGroup!: string | null;
}
