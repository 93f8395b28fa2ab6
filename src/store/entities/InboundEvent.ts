import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import type { Platform } from "./PersonIdentity";

export type InboundStatus = "pending" | "done" | "failed";

/**
 * A delivery from a chat platform, stored before the platform is acknowledged: once it is answered 2xx the platform
 * never sends it again, so from then on this row is the only copy. It is handled at once by the instance that stored
 * it, which holds a lease on it; if that instance dies, the lease runs out and any instance handles it. The
 * platform's id for the delivery (`deliveryKey`: Slack's event_id, an interaction's trigger id) is unique, so a
 * redelivery is stored once.
 */
@Entity("inbound_event")
@Index("UQ_inbound_event_key", ["platform", "deliveryKey"], { unique: true })
@Index("IDX_inbound_event_due", ["status", "nextAttemptAt"])
export class InboundEvent {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "varchar", length: 20 })
  platform!: Platform;

  @Column({ type: "varchar", length: 300 })
  deliveryKey!: string;

  /** The delivery as the platform sent it (JSON); emptied once handled, so people's words do not stay here. */
  @Column({ type: "text", nullable: true })
  payload!: string | null;

  @Column({ type: "varchar", length: 20, default: "pending" })
  status!: InboundStatus;

  @Column({ type: "integer", default: 0 })
  attempts!: number;

  @Column({ type: Date })
  nextAttemptAt!: Date;

  /** The instance handling the delivery holds it until then (and renews that while it works). */
  @Column({ type: Date, nullable: true })
  lockedUntil!: Date | null;

  @Column({ type: "varchar", length: 100, nullable: true })
  lockedBy!: string | null;

  @Column({ type: "text", nullable: true })
  lastError!: string | null;

  @Column({ type: Date })
  receivedAt!: Date;

  @Column({ type: Date, nullable: true })
  handledAt!: Date | null;
}
