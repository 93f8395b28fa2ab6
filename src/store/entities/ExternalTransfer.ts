import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";

/**
 * Where a transfer stands. pending: the ticket is to be created in the other desk's system (the call waits in the
 * outbox); open: it exists there (`externalId`); solved, closed: the other desk says so; cancelled: an agent took the
 * ticket back before it was created there; failed: the other system refused it or could not be reached for too
 * long (the agent cancels to take the ticket back); deleted: the ticket vanished from the other system.
 */
export type TransferState = "pending" | "open" | "solved" | "closed" | "cancelled" | "failed" | "deleted";

/** States in which the other desk has the ticket, or is about to: the requester's words go there. */
export const ACTIVE_TRANSFER_STATES: readonly TransferState[] = ["pending", "open", "solved"];

/**
 * A ticket handed to another service desk (a GLPI, a Zammad, any system reached by webhook: `externalDesks` in the
 * desk configuration). One row per hand-over; the latest one of a ticket is the one that counts.
 */
@Entity("external_transfer")
@Index("IDX_external_transfer_ticket", ["ticketId", "id"])
@Index("IDX_external_transfer_poll", ["state", "nextPollAt"])
export class ExternalTransfer {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "integer" })
  ticketId!: number;

  /** The `externalDesks[].id` of the desk configuration. */
  @Column({ type: "varchar", length: 60 })
  deskId!: string;

  @Column({ type: "varchar", length: 20, default: "pending" })
  state!: TransferState;

  /** Handed over at creation because of its category or request type, rather than by an agent. */
  @Column({ type: "boolean", default: false })
  automatic!: boolean;

  /** The agent's note for the other desk. */
  @Column({ type: "text", nullable: true })
  note!: string | null;

  /** Who transferred it (null: the desk itself, automatically). */
  @Column({ type: "integer", nullable: true })
  actorId!: number | null;

  /** The ticket's id in the other system, once created there. */
  @Column({ type: "varchar", length: 100, nullable: true })
  externalId!: string | null;

  /** What people quote there (GLPI's id, Zammad's number). */
  @Column({ type: "varchar", length: 100, nullable: true })
  reference!: string | null;

  /** The other system's own word for the ticket's status, as last read. */
  @Column({ type: "varchar", length: 100, nullable: true })
  remoteStatus!: string | null;

  /**
   * The highest numeric id (GLPI's, Zammad's) of the follow-ups passed on to the requester: older ones are never
   * passed on again, even after the ids of processed events are pruned.
   */
  @Column({ type: "integer", nullable: true })
  lastFollowupId!: number | null;

  /** Why the last call to the other system failed (shown on the card while the transfer waits). */
  @Column({ type: "text", nullable: true })
  lastError!: string | null;

  /** When the scheduled job reads this ticket in the other system next (null: not polled). */
  @Column({ type: Date, nullable: true })
  nextPollAt!: Date | null;

  @Column({ type: Date })
  createdAt!: Date;

  @Column({ type: Date, nullable: true })
  openedAt!: Date | null;

  @Column({ type: Date, nullable: true })
  endedAt!: Date | null;
}
