import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";

/**
 * A notice the scheduled jobs owe exactly once (an SLA reminder or breach, an automatic escalation or closing, a
 * major-incident broadcast, a digest). Its row is written under a unique key in the same transaction as the
 * outbox messages that carry it, so a restart, a second instance or a lost job lease can never send it twice.
 */
@Entity("notice_record")
@Index("IDX_notice_record_ticket", ["ticketId"])
export class NoticeRecord {
  @PrimaryGeneratedColumn()
  id!: number;

  /** What and which occurrence: `sla:12:resolve:reminder`, `digest:2026-11-30T07:00:00.000Z`… */
  @Index("UQ_notice_record_key", { unique: true })
  @Column({ type: "varchar", length: 200 })
  key!: string;

  /** sla_reminder, sla_breach, auto_escalation, auto_close, incident_declared, incident_closed, digest, extraction. */
  @Column({ type: "varchar", length: 40 })
  kind!: string;

  @Column({ type: "integer", nullable: true })
  ticketId!: number | null;

  /** When the job recorded it, on the desk's clock. */
  @Column({ type: Date })
  at!: Date;
}
