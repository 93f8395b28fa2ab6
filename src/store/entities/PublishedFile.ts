import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";

/**
 * A file the desk sends to people (the digest's chart, an extraction's CSV). Stored once, when the message that
 * carries it is queued, so that the outbox can upload it after a restart; served by guichet at
 * `/files/{token}/{name}` when a public address is set, for Teams, which shows images and links by URL only.
 */
@Entity("published_file")
export class PublishedFile {
  @PrimaryGeneratedColumn()
  id!: number;

  /** Random and unguessable: the only key of the served address. */
  @Index("UQ_published_file_token", { unique: true })
  @Column({ type: "varchar", length: 64 })
  token!: string;

  @Column({ type: "varchar", length: 200 })
  name!: string;

  @Column({ type: "varchar", length: 100 })
  contentType!: string;

  @Column({ type: "integer" })
  bytes!: number;

  /** The content, base64 (text on both databases). */
  @Column({ type: "text" })
  content!: string;

  @Column({ type: Date })
  createdAt!: Date;

  /** Deleted, and no longer served, after this instant. */
  @Index("IDX_published_file_expires")
  @Column({ type: Date })
  expiresAt!: Date;
}
