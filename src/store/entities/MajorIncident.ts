import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";

export type MajorIncidentStatus = "open" | "closed";

/**
 * An outage that touches many people (the Wi-Fi of a campus, the mail service), declared by an agent: it is
 * broadcast, answers the matching new requests, and tells everyone linked to it when it is over.
 */
@Entity("major_incident")
@Index("IDX_major_incident_status", ["status"])
export class MajorIncident {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "varchar", length: 200 })
  title!: string;

  @Column({ type: "text", nullable: true })
  description!: string | null;

  /** The affected category (service) of the desk configuration. */
  @Column({ type: "varchar", length: 60 })
  category!: string;

  @Column({ type: "varchar", length: 20, default: "open" })
  status!: MajorIncidentStatus;

  @Column({ type: "integer" })
  declaredById!: number;

  @Column({ type: Date })
  declaredAt!: Date;

  /** The last update broadcast (null: none since the declaration). */
  @Column({ type: Date, nullable: true })
  lastUpdateAt!: Date | null;

  @Column({ type: "integer", nullable: true })
  closedById!: number | null;

  @Column({ type: Date, nullable: true })
  closedAt!: Date | null;

  /** What the agent said when closing it, passed on to the people linked. */
  @Column({ type: "text", nullable: true })
  resolution!: string | null;
}
