import { Ticket } from "../../src/store/entities/Ticket";
import { WorkflowStep } from "../../src/store/entities/WorkflowStep";
import type { PlatformUser } from "../../src/core/people/platform-user";
import { alice, dmOf, persona, type TestDesk } from "./test-desk";

/** The agents of the teams that work a new staff member's arrival in the shipped configuration. */
export const ines = persona("ines");
export const hugo = persona("hugo");
export const fabien = persona("fabien");

/** The answers to the shipped "Arrivée d'un nouvel agent" form. */
export const ARRIVAL = { name: "Jean Dupont", start: "2026-12-01", unit: "Laboratoire LIS", office: "Bât. A, bureau 12", computer: "linux" };

/** Alice (or `requester`) asks for a new staff member's arrival; the request and its steps as they stand. */
export async function openArrival(t: TestDesk, requester: PlatformUser = alice, values: Record<string, string> = ARRIVAL): Promise<{ parent: Ticket; subRequests: Ticket[] }> {
  const outcome = await t.desk.submitForm({ sender: requester, form: "request", context: "new-staff", values, place: dmOf(requester.id) });
  if (outcome.kind !== "done") throw new Error(`the arrival was not accepted: ${JSON.stringify(outcome)}`);
  await t.flush();
  const parent = await t.guichet.store.manager.findOneOrFail(Ticket, { where: { workflow: true }, order: { id: "DESC" } });
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
