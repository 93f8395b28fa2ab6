import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import type { Platform } from "./PersonIdentity";

/**
 * A channel a manager registered from the channel itself (`/guichet register triage desk`): it replaces, for that
 * platform, the channel the desk configuration gives for the same role. Kept in the database so that every instance
 * and every restart uses it; the YAML stays the default and the template.
 */
@Entity("registered_place")
@Index("UQ_registered_place_role", ["role", "target", "platform"], { unique: true })
export class RegisteredPlace {
  @PrimaryGeneratedColumn()
  id!: number;

  /** triage (of a level-1 team), experts (of an expert group), announcements, management. */
  @Column({ type: "varchar", length: 20 })
  role!: string;

  /** The team or expert group id; empty for announcements and management. */
  @Column({ type: "varchar", length: 100 })
  target!: string;

  @Column({ type: "varchar", length: 20 })
  platform!: Platform;

  /** The channel's id on the platform. */
  @Column({ type: "varchar", length: 300 })
  conversation!: string;

  @Column({ type: "integer" })
  registeredById!: number;

  @Column({ type: Date })
  registeredAt!: Date;
}
