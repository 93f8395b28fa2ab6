import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import type { Platform } from "./PersonIdentity";

/**
 * confirming: the requester is asked to confirm; calling: confirmed, the endpoint is being called (or will be, after
 * a restart); succeeded: it did it (a deflection); failed: it did not, and a ticket was opened; cancelled: the
 * requester gave it up.
 */
export type SelfServiceState = "confirming" | "calling" | "succeeded" | "failed" | "cancelled";

/**
 * One self-service action asked for by a requester (004: « auto-remédiation »): the answers, the confirmation, the
 * call of the site's endpoint and its outcome. The call is made after the confirmation commits and its outcome is
 * recorded here, so that a restart in between calls again (with the same `deliveryId`) rather than forgets it.
 */
@Entity("self_service_run")
@Index("IDX_self_service_run_state", ["state", "claimedUntil"])
export class SelfServiceRun {
  @PrimaryGeneratedColumn()
  id!: number;

  /** The request type (an action of the catalogue). */
  @Column({ type: "varchar", length: 60 })
  requestType!: string;

  @Column({ type: "integer" })
  requesterId!: number;

  @Column({ type: "varchar", length: 5 })
  lang!: string; // a language of the desk (a message catalogue's code)

  @Column({ type: "simple-json" })
  fields!: Record<string, string>;

  /** Where the requester asked: the confirmation, the outcome and a ticket's receipt go there. */
  @Column({ type: "varchar", length: 20 })
  platform!: Platform;

  @Column({ type: "varchar", length: 200 })
  conversation!: string;

  @Column({ type: "varchar", length: 200, nullable: true })
  thread!: string | null;

  @Column({ type: "varchar", length: 20, default: "confirming" })
  state!: SelfServiceState;

  /** The id the endpoint is given, the same on every try, so that it acts once. */
  @Column({ type: "varchar", length: 60 })
  deliveryId!: string;

  /** Calls made so far. */
  @Column({ type: "integer", default: 0 })
  attempts!: number;

  /** While set and ahead, an instance is calling the endpoint; past it, another may call again. */
  @Column({ type: Date, nullable: true })
  claimedUntil!: Date | null;

  /** Why it failed, as the ticket shows it. */
  @Column({ type: "text", nullable: true })
  error!: string | null;

  /** The ticket opened when it failed. */
  @Column({ type: "integer", nullable: true })
  ticketId!: number | null;

  @Column({ type: Date })
  createdAt!: Date;

  @Column({ type: Date, nullable: true })
  finishedAt!: Date | null;
}
