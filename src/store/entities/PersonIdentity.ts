import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";

export type Platform = "slack" | "teams" | "console";

/** One account of a person on a chat platform; a desk can serve the same person on Slack and Teams. */
@Entity("person_identity")
@Index("UQ_person_identity_platform_external", ["platform", "externalId"], { unique: true })
export class PersonIdentity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index("IDX_person_identity_person")
  @Column({ type: "integer" })
  personId!: number;

  @Column({ type: "varchar", length: 20 })
  platform!: Platform;

  /** Slack user id, Teams AAD object id, or console login. */
  @Column({ type: "varchar", length: 200 })
  externalId!: string;
}
