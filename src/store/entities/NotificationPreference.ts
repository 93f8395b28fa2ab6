import { Column, Entity, PrimaryColumn } from "typeorm";

/** How and when a person is told things (`/guichet notifications`); a person without a row has the defaults. */
@Entity("notification_preference")
export class NotificationPreference {
  @PrimaryColumn({ type: "integer" })
  personId!: number;

  /** Reminders and breach notices are held outside working hours and delivered as one summary when work starts. */
  @Column({ type: "boolean", default: true })
  quietHours!: boolean;

  /** Reminders about the person's tickets come as one morning digest instead of one message each. */
  @Column({ type: "boolean", default: false })
  digest!: boolean;

  /** Satisfaction surveys are asked after a ticket closes. */
  @Column({ type: "boolean", default: true })
  surveys!: boolean;

  @Column({ type: Date })
  updatedAt!: Date;
}
