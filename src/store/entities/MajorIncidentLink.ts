import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import type { Platform } from "./PersonIdentity";

/** linked: told at closing; declined: the requester said their problem is another one. */
export type MajorIncidentLinkState = "linked" | "declined";

/**
 * Someone waiting for the end of a major incident: the requester of an open ticket in the affected category (told
 * in the ticket's thread), or a requester whose new message matched it (told where they wrote).
 */
@Entity("major_incident_link")
@Index("IDX_major_incident_link_incident", ["incidentId", "state"])
@Index("UQ_major_incident_link_ticket", ["incidentId", "ticketId"], { unique: true })
@Index("UQ_major_incident_link_conversation", ["incidentId", "conversationId"], { unique: true })
export class MajorIncidentLink {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "integer" })
  incidentId!: number;

  @Column({ type: "integer" })
  personId!: number;

  @Column({ type: "integer", nullable: true })
  ticketId!: number | null;

  @Column({ type: "integer", nullable: true })
  conversationId!: number | null;

  /** Where to tell a requester linked by a new message (null for ticket links: the ticket's threads are used). */
  @Column({ type: "varchar", length: 20, nullable: true })
  platform!: Platform | null;

  @Column({ type: "varchar", length: 200, nullable: true })
  conversation!: string | null;

  @Column({ type: "varchar", length: 200, nullable: true })
  thread!: string | null;

  @Column({ type: "varchar", length: 20, default: "linked" })
  state!: MajorIncidentLinkState;

  @Column({ type: Date })
  linkedAt!: Date;
}
