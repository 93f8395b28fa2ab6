import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";
import type { Platform } from "./PersonIdentity";

export type TicketStatus =
  | "new"
  | "acknowledged"
  | "in_progress"
  | "waiting_requester"
  | "escalated"
  /** Handed to another service desk (`externalDesks`), which owns it and its commitments; guichet follows it. */
  | "transferred"
  | "resolved"
  | "closed";
export type TicketKind = "incident" | "request";
export type TicketPriority = "low" | "normal" | "high" | "critical";
export type ApprovalState = "none" | "pending" | "approved" | "rejected";

/**
 * A request for help. Its number (`id`) is what people quote. Every change is written to TicketEvent.
 * The SLA timestamps are stored, never kept in memory, so a restart loses no timer.
 */
@Entity("ticket")
@Index("IDX_ticket_requester_status", ["requesterId", "status"])
@Index("IDX_ticket_status", ["status"])
export class Ticket {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "varchar", length: 20, default: "incident" })
  kind!: TicketKind;

  @Column({ type: "varchar", length: 200 })
  title!: string;

  /** What the requester wrote, with the conversation that led to the ticket. */
  @Column({ type: "text" })
  description!: string;

  @Column({ type: "varchar", length: 60 })
  category!: string;

  @Column({ type: "varchar", length: 20, default: "normal" })
  priority!: TicketPriority;

  @Column({ type: "varchar", length: 30, default: "new" })
  status!: TicketStatus;

  /** 1 while level 1 owns it, 2 once escalated to an expert group, 3 once level 2 handed it on to specialists. */
  @Column({ type: "integer", default: 1 })
  level!: number;

  @Column({ type: "integer" })
  requesterId!: number;

  @Index("IDX_ticket_assignee")
  @Column({ type: "integer", nullable: true })
  assigneeId!: number | null;

  @Column({ type: "varchar", length: 60 })
  team!: string;

  @Column({ type: "varchar", length: 60, nullable: true })
  expertGroup!: string | null;

  /** The level-3 specialists' group a level-2 expert handed the ticket on to (`expertGroups[].escalatesTo`). */
  @Column({ type: "varchar", length: 60, nullable: true })
  levelThreeGroup!: string | null;

  /** When it was handed on to level 3; a hand-on from an earlier escalation is older than `escalatedAt`. */
  @Column({ type: Date, nullable: true })
  levelThreeAt!: Date | null;

  @Column({ type: "varchar", length: 60, nullable: true })
  site!: string | null;

  /** The requester's profile when the ticket was opened, so that figures per profile do not move when people do. */
  @Column({ type: "varchar", length: 60, nullable: true })
  profile!: string | null;

  /** The blocking tag: set by an agent from the card for tickets that hold someone's work up (review meetings follow them). */
  @Column({ type: "boolean", default: false })
  blocking!: boolean;

  /** The requester's language: every message to them is written in it. */
  @Column({ type: "varchar", length: 5, default: "fr" })
  lang!: string; // a language of the desk (a message catalogue's code)

  /** The platform the requester used to open it. */
  @Column({ type: "varchar", length: 20 })
  channel!: Platform;

  @Column({ type: "varchar", length: 60, nullable: true })
  requestType!: string | null;

  /** Answers to the request type's fields. */
  @Column({ type: "simple-json", nullable: true })
  fields!: Record<string, string> | null;

  @Column({ type: "varchar", length: 20, default: "none" })
  approval!: ApprovalState;

  /** When a manager approved the request: its SLA clocks start then (they wait for the approval). */
  @Column({ type: Date, nullable: true })
  approvedAt!: Date | null;

  @Column({ type: "integer", nullable: true })
  mergedIntoId!: number | null;

  /**
   * A request whose work is done by its workflow's steps (approvals, then sub-requests to teams): it resolves itself
   * when the last step is done, and carries no SLA commitment of its own (each sub-request has its own).
   */
  @Column({ type: "boolean", default: false })
  workflow!: boolean;

  /** The workflow request this ticket is a sub-request of: a ticket of its own team, followed through its parent. */
  @Index("IDX_ticket_parent")
  @Column({ type: "integer", nullable: true })
  parentId!: number | null;

  /** The closed ticket this one follows up (the requester wrote on it after it was closed). */
  @Column({ type: "integer", nullable: true })
  followUpOfId!: number | null;

  @Column({ type: "text", nullable: true })
  resolution!: string | null;

  @Column({ type: "integer", nullable: true })
  satisfaction!: number | null;

  @CreateDateColumn({ type: Date })
  createdAt!: Date;

  @UpdateDateColumn({ type: Date })
  updatedAt!: Date;

  @Column({ type: Date, nullable: true })
  acknowledgedAt!: Date | null;

  /** When a named agent took it in charge (claim). */
  @Column({ type: Date, nullable: true })
  takenAt!: Date | null;

  /** First public answer from the desk (an agent's reply, not the bot's receipt). */
  @Column({ type: Date, nullable: true })
  firstAnswerAt!: Date | null;

  @Column({ type: Date, nullable: true })
  escalatedAt!: Date | null;

  @Column({ type: Date, nullable: true })
  resolvedAt!: Date | null;

  @Column({ type: Date, nullable: true })
  closedAt!: Date | null;

  /** Set while the ticket waits for the requester: the resolution clock is paused since then. */
  @Column({ type: Date, nullable: true })
  waitingSince!: Date | null;

  /** Working seconds already spent waiting for the requester (closed pauses), for the paused resolution clock. */
  @Column({ type: "integer", default: 0 })
  pausedSeconds!: number;

  /** The next SLA instant to look at (reminder or breach); the sweep reads only rows due by now. */
  @Index("IDX_ticket_sla_due")
  @Column({ type: Date, nullable: true })
  slaDueAt!: Date | null;
}
