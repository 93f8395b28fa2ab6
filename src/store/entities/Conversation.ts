import { Column, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";
import type { Platform } from "./PersonIdentity";

/**
 * `set_aside`: the requester asked something else without answering (a chat without threads): the conversation no
 * longer takes their messages, but its buttons still work.
 */
export type ConversationState = "suggesting" | "confirming_duplicate" | "offering_ticket" | "set_aside" | "done";

/**
 * A requester's question before it becomes a ticket (or a deflection): what they wrote, what was suggested.
 * It lives in one place of one platform: a DM, or a thread started by a mention.
 */
@Entity("conversation")
@Index("IDX_conversation_person_state", ["personId", "state"])
export class Conversation {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "integer" })
  personId!: number;

  @Column({ type: "varchar", length: 20 })
  platform!: Platform;

  /** Where to answer: the chat address (conversation and thread) as JSON. */
  @Column({ type: "simple-json" })
  address!: { conversation: string; thread?: string };

  @Column({ type: "varchar", length: 30, default: "suggesting" })
  state!: ConversationState;

  @Column({ type: "varchar", length: 5, default: "fr" })
  lang!: string; // a language of the desk (a message catalogue's code)

  /** Ids of the articles last suggested. */
  @Column({ type: "simple-json", nullable: true })
  suggested!: string[] | null;

  /** Open ticket of the requester that looked like the same problem. */
  @Column({ type: "integer", nullable: true })
  duplicateOfId!: number | null;

  @Column({ type: "integer", nullable: true })
  ticketId!: number | null;

  @UpdateDateColumn({ type: Date })
  updatedAt!: Date;
}
