import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import type { ApprovalStepConfig, SubRequestConfig } from "../../config/desk-config-schema";

export type WorkflowStepKind = "approval" | "sub_request";

/**
 * waiting: an earlier step is not done yet; pending: an approval asked of its approvers; approved, rejected: their
 * decision; open: the sub-request's ticket is being worked; done: it was resolved; cancelled: the request was
 * cancelled (or rejected) before this step was done.
 */
export type WorkflowStepState = "waiting" | "pending" | "approved" | "rejected" | "open" | "done" | "cancelled";

/**
 * One step of a workflow request (a ticket with `workflow`): an approval or a sub-request to one team. The steps are
 * written when the request is opened, each with the definition it was opened with, so that a request already under
 * way keeps its steps when the desk configuration changes.
 */
@Entity("workflow_step")
@Index("UQ_workflow_step_key", ["ticketId", "stepKey"], { unique: true })
export class WorkflowStep {
  @PrimaryGeneratedColumn()
  id!: number;

  /** The workflow request (the parent ticket). */
  @Column({ type: "integer" })
  ticketId!: number;

  /** Its place in the workflow: steps of one position run at once, each position after the one before. */
  @Column({ type: "integer" })
  position!: number;

  /** The sub-request's id in the configuration, or `approval-N` for the approval at position N. */
  @Column({ type: "varchar", length: 60 })
  stepKey!: string;

  @Column({ type: "varchar", length: 20 })
  kind!: WorkflowStepKind;

  @Column({ type: "varchar", length: 20, default: "waiting" })
  state!: WorkflowStepState;

  /** The step as configured when the request was opened. */
  @Column({ type: "simple-json" })
  definition!: ApprovalStepConfig | SubRequestConfig;

  /** The sub-request's own ticket, once opened. */
  @Index("IDX_workflow_step_child")
  @Column({ type: "integer", nullable: true })
  childTicketId!: number | null;

  /** The people who may decide an approval, as they were when it was asked. */
  @Column({ type: "simple-array", default: "" })
  approverIds!: string[];

  /** Who approved or rejected it. */
  @Column({ type: "integer", nullable: true })
  decidedById!: number | null;

  /** Why it was rejected, in the approver's words. */
  @Column({ type: "text", nullable: true })
  reason!: string | null;

  @Column({ type: Date, nullable: true })
  startedAt!: Date | null;

  @Column({ type: Date, nullable: true })
  doneAt!: Date | null;
}
