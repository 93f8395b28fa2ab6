import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";

/** An agent muted a ticket's reminders for themselves. */
@Entity("ticket_mute")
@Index("UQ_ticket_mute_person_ticket", ["personId", "ticketId"], { unique: true })
export class TicketMute {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "integer" })
  personId!: number;

  @Column({ type: "integer" })
  ticketId!: number;

  @Column({ type: Date })
  at!: Date;
}
