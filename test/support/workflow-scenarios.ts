import { Ticket } from "../../src/store/entities/Ticket";
import { WorkflowStep } from "../../src/store/entities/WorkflowStep";
import type { PlatformUser } from "../../src/core/people/platform-user";
import { alice, dmOf, marie, persona, type TestDesk } from "./test-desk";

/** The agents of the teams that work a new staff member's arrival in the shipped configuration. */
export const ines = persona("ines");
export const hugo = persona("hugo");
export const fabien = persona("fabien");

/** The answers to the shipped "Arrivée d'un nouvel agent" form. */
export const ARRIVAL = { name: "Jean Dupont", start: "2026-12-01", unit: "Laboratoire LIS", office: "Bât. A, bureau 12", computer: "linux" };

/** Alice (or `requester`) asks for a new staff member's arrival: the request, waiting for her manager's approval. */
export async function submitArrival(t: TestDesk, requester: PlatformUser = alice, values: Record<string, string> = ARRIVAL): Promise<Ticket> {
  const outcome = await t.desk.submitForm({ sender: requester, form: "request", context: "new-staff", values, place: dmOf(requester.id) });
  if (outcome.kind !== "done") throw new Error(`the arrival was not accepted: ${JSON.stringify(outcome)}`);
  await t.flush();
  return t.guichet.store.manager.findOneOrFail(Ticket, { where: { workflow: true }, order: { id: "DESC" } });
}

/** The value of the Approve and Reject buttons of the request's approval step waiting for a decision. */
export async function pendingApprovalValue(t: TestDesk, parentId: number): Promise<string> {
  const step = (await stepsOf(t, parentId)).find((s) => s.kind === "approval" && s.state === "pending");
  if (!step) throw new Error(`no approval waits on #${parentId}`);
  return `${parentId}:${step.id}`;
}

/**
 * Alice (or `requester`) asks for a new staff member's arrival and her manager Marie approves it: the request and
 * its sub-requests as they stand.
 */
export async function openArrival(t: TestDesk, requester: PlatformUser = alice, values: Record<string, string> = ARRIVAL): Promise<{ parent: Ticket; subRequests: Ticket[] }> {
  const submitted = await submitArrival(t, requester, values);
  const approved = await t.desk.pressButton({ sender: marie, action: "request.approve", value: await pendingApprovalValue(t, submitted.id) });
  if (approved.kind !== "done") throw new Error(`Marie could not approve #${submitted.id}: ${JSON.stringify(approved)}`);
  await t.flush();
  const parent = await t.guichet.store.manager.findOneByOrFail(Ticket, { id: submitted.id });
  return { parent, subRequests: await subRequestsOf(t, parent.id) };
}

/** The sub-requests of a workflow request, in the order of its steps. */
export async function subRequestsOf(t: TestDesk, parentId: number): Promise<Ticket[]> {
  const steps = await t.guichet.store.manager.find(WorkflowStep, { where: { ticketId: parentId }, order: { position: "ASC", id: "ASC" } });
  const tickets: Ticket[] = [];
  for (const step of steps) if (step.childTicketId !== null) tickets.push(await t.guichet.store.manager.findOneByOrFail(Ticket, { id: step.childTicketId }));
  return tickets;
}

export function stepsOf(t: TestDesk, parentId: number): Promise<WorkflowStep[]> {
  return t.guichet.store.manager.find(WorkflowStep, { where: { ticketId: parentId }, order: { position: "ASC", id: "ASC" } });
}

/** An agent claims a ticket then resolves it with `answer`. */
export async function claimAndResolve(t: TestDesk, agent: PlatformUser, ticketId: number, answer: string): Promise<void> {
  for (const outcome of [
    await t.desk.pressButton({ sender: agent, action: "ticket.claim", value: String(ticketId) }),
    await t.desk.submitForm({ sender: agent, form: "resolve", context: String(ticketId), values: { resolution: answer }, place: dmOf(agent.id) }),
  ]) {
    if (outcome.kind !== "done") throw new Error(`${agent.id} could not work #${ticketId}: ${JSON.stringify(outcome)}`);
  }
  await t.flush();
}
