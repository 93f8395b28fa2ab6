import type { EntityManager } from "typeorm";
import { Ticket } from "../../store/entities/Ticket";
import { WorkflowStep, type WorkflowStepState } from "../../store/entities/WorkflowStep";

/** A workflow request's steps, in order. */
export function stepsOfRequest(manager: EntityManager, ticketId: number): Promise<WorkflowStep[]> {
  return manager.find(WorkflowStep, { where: { ticketId }, order: { position: "ASC", id: "ASC" } });
}

/** The step a sub-request's ticket is, or null for a ticket that is none. */
export function stepOfSubRequest(manager: EntityManager, childTicketId: number): Promise<WorkflowStep | null> {
  return manager.findOne(WorkflowStep, { where: { childTicketId } });
}

/**
 * Moves a step on from one of `from` with a conditional UPDATE, so that of two people deciding or two changes
 * crossing (a sub-request resolved while the request is cancelled) only the first counts. False when the step was
 * no longer in one of those states.
 */
export async function moveStep(
  manager: EntityManager,
  step: Pick<WorkflowStep, "id">,
  from: readonly WorkflowStepState[],
  changes: Partial<Pick<WorkflowStep, "state" | "childTicketId" | "approverIds" | "decidedById" | "reason" | "startedAt" | "doneAt">>,
): Promise<boolean> {
  const result = await manager
    .createQueryBuilder()
    .update(WorkflowStep)
    .set(changes)
    .where("id = :id AND state IN (:...from)", { id: step.id, from: [...from] })
    .execute();
  return result.affected === 1;
}

/** Steps that are not finished: an approval not yet decided, a sub-request not yet done. */
export const UNFINISHED: readonly WorkflowStepState[] = ["waiting", "pending", "open"];

/** Whether the request still moves through its steps (one is being decided or worked on, or waits its turn). */
export function stepsRunning(steps: readonly WorkflowStep[]): boolean {
  return steps.some((s) => UNFINISHED.includes(s.state));
}

/**
 * Takes the request's row until the transaction ends, before its steps are read: two changes of one request (its last
 * two sub-requests resolved at once, a cancellation crossing a resolution) then go one after the other, the second
 * reading the steps the first left (PostgreSQL makes it wait for the first to commit; SQLite runs one at a time).
 */
export async function holdRequest(manager: EntityManager, ticketId: number): Promise<void> {
  await manager.createQueryBuilder().update(Ticket).set({ workflow: () => "workflow" }).where("id = :id", { id: ticketId }).execute();
}
