import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from "typeorm";

export type MessageVisibility = "public" | "internal" | "expert";

/** A message written by a person in a conversation with the desk, kept for the ticket's transcript. */
@Entity("conversation_message")
@Index("IDX_conversation_message_conversation", ["conversationId", "id"])
@Index("IDX_conversation_message_ticket", ["ticketId", "id"])
export class ConversationMessage {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "integer", nullable: true })
  conversationId!: number | null;

  @Column({ type: "integer", nullable: true })
  ticketId!: number | null;

  @Column({ type: "integer" })
  authorId!: number;

  /** public: seen by the requester; internal: an agents' note; expert: level 2 talking to level 1. */
  @Column({ type: "varchar", length: 20, default: "public" })
  visibility!: MessageVisibility;

  @Column({ type: "text" })
  text!: string;

  @CreateDateColumn({ type: Date })
  at!: Date;
}
