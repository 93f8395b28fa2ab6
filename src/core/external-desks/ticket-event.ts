/**
 * The events guichet sends by webhook, to a desk a ticket is transferred to and to any subscriber (`webhooks` in the
 * desk configuration). The README's "Working with an existing helpdesk" documents the format for receivers.
 */
export const TICKET_EVENT_TYPES = [
  "ticket.created",
  "ticket.followup",
  "ticket.status_changed",
  "ticket.resolved",
  "ticket.closed",
  "ticket.transferred",
] as const;

export type TicketEventType = (typeof TICKET_EVENT_TYPES)[number];

/** The ticket as an event describes it: what a receiver needs to file or follow it, no internal notes. */
export interface TicketSnapshot {
  id: number;
  title: string;
  kind: "incident" | "request";
  status: string;
  category: string;
  categoryLabel: string;
  priority: string;
  requestType: string | null;
  requester: { name: string; email: string | null };
  createdAt: string;
}

/** One event, as POSTed (JSON). `id` is the same on every retry of one event: receivers de-duplicate on it. */
export interface TicketEventBody {
  id: string;
  type: TicketEventType;
  occurredAt: string;
  ticket: TicketSnapshot;
  /** For a desk the ticket is transferred to: that desk's id in guichet's configuration, and the ticket's id there. */
  desk?: string;
  externalId?: string;
  /** ticket.created for a desk: what the requester wrote, the note of the agent who transferred it. */
  description?: string;
  note?: string | null;
  /** ticket.followup: a public message, from the requester or from the desk. */
  followup?: { from: "requester" | "desk"; author: string; text: string };
  /** ticket.status_changed and the others: the status before. */
  previousStatus?: string | null;
  /** ticket.resolved: how it was fixed. */
  resolution?: string | null;
  /** ticket.transferred: the desk it went to. */
  transferredTo?: string;
}
