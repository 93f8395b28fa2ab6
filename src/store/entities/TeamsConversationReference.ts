import { Column, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";

/**
 * Where the Teams bot can post without being spoken to first: the Bot Framework conversation reference of a personal
 * chat, group chat or channel, captured at install and refreshed by every incoming activity. Proactive posts (ticket
 * cards in triage channels, replies to requesters) need it: a conversation id alone does not say which regional
 * service URL to call.
 */
@Entity("teams_conversation_reference")
@Index("UQ_teams_conversation_reference_conversation", ["conversationId"], { unique: true })
export class TeamsConversationReference {
  @PrimaryGeneratedColumn()
  id!: number;

  /** Conversation id without the `;messageid=` thread suffix (a channel, a chat). */
  @Column({ type: "varchar", length: 300 })
  conversationId!: string;

  /** personal, groupChat or channel. */
  @Column({ type: "varchar", length: 20 })
  conversationType!: string;

  @Column({ type: "varchar", length: 100, nullable: true })
  tenantId!: string | null;

  /** The Azure AD object id of the user of a personal chat: where the desk writes to that person alone. */
  @Index("IDX_teams_conversation_reference_user")
  @Column({ type: "varchar", length: 100, nullable: true })
  userId!: string | null;

  /** The team a channel belongs to (its General channel id), when Teams said so. */
  @Column({ type: "varchar", length: 300, nullable: true })
  teamId!: string | null;

  @Column({ type: "varchar", length: 500 })
  serviceUrl!: string;

  /** The Bot Framework ConversationReference as JSON (bot, conversation, channelId, serviceUrl; no activity id). */
  @Column({ type: "simple-json" })
  reference!: Record<string, unknown>;

  @UpdateDateColumn({ type: Date })
  updatedAt!: Date;
}
