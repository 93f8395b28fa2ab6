import { CreateDateColumn, Entity, Index, PrimaryColumn } from "typeorm";

/**
 * Inbound event ids already handled. Neither Slack nor Teams delivers exactly once; the insert of this row
 * is the de-duplication, done in the same transaction as the event's effects.
 */
@Entity("processed_event")
export class ProcessedEvent {
  @PrimaryColumn({ type: "varchar", length: 20 })
  platform!: string;

  @PrimaryColumn({ type: "varchar", length: 200 })
  eventId!: string;

  /** When it was handled; the retention job deletes the ids past GUICHET_KEEP_EVENT_IDS_DAYS. */
  @Index("IDX_processed_event_received")
  @CreateDateColumn({ type: Date })
  receivedAt!: Date;
}
