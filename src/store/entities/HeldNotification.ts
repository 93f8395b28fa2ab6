import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";

/** A notice for one person, held until `releaseAt` (their working hours start, or their morning digest). */
@Entity("held_notification")
export class HeldNotification {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "integer" })
  personId!: number;

  /** quiet_hours or digest. */
  @Column({ type: "varchar", length: 20 })
  why!: "quiet_hours" | "digest";

  @Column({ type: "integer", nullable: true })
  ticketId!: number | null;

  /** The core's view of the notice, as queued (a MessageView). */
  @Column({ type: "simple-json" })
  payload!: Record<string, unknown>;

  @Index("IDX_held_notification_release")
  @Column({ type: Date })
  releaseAt!: Date;

  @Column({ type: Date })
  heldAt!: Date;
}
