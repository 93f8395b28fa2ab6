import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from "typeorm";

/** The audit log: who did what to which ticket, and when. Written in the same transaction as the change. */
@Entity("ticket_event")
@Index("IDX_ticket_event_ticket", ["ticketId", "id"])
export class TicketEvent {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "integer" })
  ticketId!: number;

  /** Null for the bot and the scheduled jobs. */
  @Column({ type: "integer", nullable: true })
  actorId!: number | null;

  /** created, status, claimed, assigned, escalated, reply, note, expert_reply, merged, priority, category, rated… */
  @Column({ type: "varchar", length: 40 })
  type!: string;

  @Column({ type: "varchar", length: 30, nullable: true })
  fromStatus!: string | null;

  @Column({ type: "varchar", length: 30, nullable: true })
  toStatus!: string | null;

  @Column({ type: "simple-json", nullable: true })
  data!: Record<string, unknown> | null;

  @CreateDateColumn({ type: Date })
  at!: Date;
}
