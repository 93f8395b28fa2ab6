import type { Role } from "../../store/entities/Person";
import type { TicketStatus } from "../../store/entities/Ticket";

/**
 * The ticket lifecycle: new → acknowledged → in progress → waiting for requester → escalated → resolved → closed,
 * with reopen. A ticket may also be transferred to another service desk, which closes it there, or gives it back
 * (the transfer cancelled, the ticket deleted there). Each move names who may make it; "system" is the bot or a
 * scheduled job.
 */
export type Transition =
  | "acknowledge"
  | "claim"
  | "wait_for_requester"
  | "requester_replied"
  | "escalate"
  | "take_back"
  | "resolve"
  | "close"
  | "reopen"
  | "merge"
  | "reject"
  | "transfer"
  | "transfer_back"
  | "transfer_closed"
  | "cancel";

export type Actor = Role | "system";

const OPEN: TicketStatus[] = ["new", "acknowledged", "in_progress", "waiting_requester", "escalated"];
const DESK: Actor[] = ["agent", "manager"];

interface Rule {
  from: readonly TicketStatus[];
  to: TicketStatus;
  by: readonly Actor[];
}

export const TRANSITIONS: Readonly<Record<Transition, Rule>> = {
  acknowledge: { from: ["new"], to: "acknowledged", by: ["system"] },
  // An escalated ticket nobody owned yet (the SLA job called the experts) is still claimed by level 1; it stays
  // with the experts (see `TicketAssignment`).
  claim: { from: ["new", "acknowledged", "escalated"], to: "in_progress", by: DESK },
  wait_for_requester: { from: ["in_progress", "escalated"], to: "waiting_requester", by: DESK },
  requester_replied: { from: ["waiting_requester"], to: "in_progress", by: ["requester", "system"] },
  escalate: { from: ["new", "acknowledged", "in_progress", "waiting_requester"], to: "escalated", by: DESK },
  take_back: { from: ["escalated"], to: "in_progress", by: DESK },
  resolve: { from: OPEN, to: "resolved", by: DESK },
  close: { from: ["resolved"], to: "closed", by: ["requester", "system", ...DESK] },
  // A reopened ticket goes back to its assignee if it has one (see `reopenedStatus`).
  reopen: { from: ["resolved", "closed"], to: "in_progress", by: ["requester", ...DESK] },
  merge: { from: OPEN, to: "closed", by: DESK },
  reject: { from: OPEN, to: "closed", by: ["manager"] },
  // An agent's Transfer to…, or the desk itself for the categories another desk handles.
  transfer: { from: OPEN, to: "transferred", by: ["system", ...DESK] },
  // The transfer cancelled by an agent, or the ticket deleted in the other system: level 1 has it again (see
  // `reopenedStatus`).
  transfer_back: { from: ["transferred"], to: "acknowledged", by: ["system", ...DESK] },
  transfer_closed: { from: ["transferred"], to: "closed", by: ["system"] },
  // A workflow request the requester no longer needs (or the desk stops), with its open sub-requests.
  cancel: { from: OPEN, to: "closed", by: ["requester", ...DESK] },
};

/** Whether `actor` may apply `transition` to a ticket in `status`; the reason when not. */
export function checkTransition(
  transition: Transition,
  status: TicketStatus,
  actor: Actor,
): { ok: true; to: TicketStatus } | { ok: false; reason: "role" | "status" } {
  const rule = TRANSITIONS[transition];
  // A manager may do anything an agent may: managers stand in for their team.
  if (!rule.by.includes(actor)) return { ok: false, reason: "role" };
  if (!rule.from.includes(status)) return { ok: false, reason: "status" };
  return { ok: true, to: rule.to };
}

export function isOpen(status: TicketStatus): boolean {
  return OPEN.includes(status);
}

/** A reopened ticket goes back in progress to its assignee, or to the queue when nobody had it. */
export function reopenedStatus(assigneeId: number | null): TicketStatus {
  return assigneeId === null ? "acknowledged" : "in_progress";
}

export const OPEN_STATUSES: readonly TicketStatus[] = OPEN;

/** What the requester still waits on: a ticket open here, or followed with another desk (their words go there). */
export const ONGOING_STATUSES: readonly TicketStatus[] = [...OPEN, "transferred"];
