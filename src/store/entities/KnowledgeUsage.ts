import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from "typeorm";

export type KnowledgeUsageEvent = "shown" | "clicked" | "solved" | "not_solved" | "no_match";

/** What the knowledge base did for a question: shown, clicked, solved (a deflection), not solved, or nothing found. */
@Entity("knowledge_usage")
@Index("IDX_knowledge_usage_article", ["articleId", "event"])
@Index("IDX_knowledge_usage_at", ["at"])
export class KnowledgeUsage {
  @PrimaryGeneratedColumn()
  id!: number;

  /** Null for `no_match`: the question found nothing (a missing article). */
  @Column({ type: "varchar", length: 200, nullable: true })
  articleId!: string | null;

  @Column({ type: "varchar", length: 20 })
  event!: KnowledgeUsageEvent;

  @Column({ type: "integer", nullable: true })
  conversationId!: number | null;

  @Column({ type: "integer", nullable: true })
  personId!: number | null;

  @Column({ type: "text", nullable: true })
  query!: string | null;

  @Column({ type: "varchar", length: 20, nullable: true })
  channel!: string | null;

  @CreateDateColumn({ type: Date })
  at!: Date;
}
