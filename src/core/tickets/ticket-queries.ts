import { In, IsNull, Not, type EntityManager } from "typeorm";
import { Ticket } from "../../store/entities/Ticket";
import { ONGOING_STATUSES, OPEN_STATUSES } from "./ticket-lifecycle";

/** A page of tickets and how many matched in all, so a list can say "… and 4 more". */
export interface TicketPage {
  tickets: Ticket[];
  total: number;
}

const CLOSED_STATUSES = ["resolved", "closed"] as const;

/**
 * A requester's open tickets (with those another desk has), newest first; a workflow request's sub-requests are
 * followed through it, not listed.
 */
export async function openTicketsOf(manager: EntityManager, requesterId: number, limit: number): Promise<TicketPage> {
  const [tickets, total] = await manager.findAndCount(Ticket, {
    where: { requesterId, status: In([...ONGOING_STATUSES]), parentId: IsNull() },
    order: { id: "DESC" },
    take: limit,
  });
  return { tickets, total };
}

/** A requester's resolved and closed tickets, newest first (sub-requests left out, as above). */
export async function recentTicketsOf(manager: EntityManager, requesterId: number, limit: number): Promise<TicketPage> {
  const [tickets, total] = await manager.findAndCount(Ticket, {
    where: { requesterId, status: In([...CLOSED_STATUSES]), parentId: IsNull() },
    order: { id: "DESC" },
    take: limit,
  });
  return { tickets, total };
}

/**
 * The queue: open tickets nobody has claimed, oldest first (first come, first served). Workflow requests are worked
 * through their sub-requests, which are in it.
 */
export async function unassignedTickets(manager: EntityManager, limit: number): Promise<TicketPage> {
  const [tickets, total] = await manager.findAndCount(Ticket, {
    where: { assigneeId: IsNull(), status: In([...OPEN_STATUSES]), workflow: false },
    order: { id: "ASC" },
    take: limit,
  });
  return { tickets, total };
}

/** Open tickets an agent holds, the next deadline first. */
export async function ticketsAssignedTo(manager: EntityManager, assigneeId: number, limit: number): Promise<TicketPage> {
  const [tickets, total] = await manager.findAndCount(Ticket, {
    where: { assigneeId, status: In([...OPEN_STATUSES]) },
    order: { id: "ASC" },
    take: 500,
  });
  return { tickets: bySoonestDeadline(tickets).slice(0, limit), total };
}

/** Open tickets whose next SLA instant (reminder or breach) comes soonest: what must be looked at first. */
export async function soonestDeadlines(manager: EntityManager, limit: number): Promise<TicketPage> {
  const [tickets, total] = await manager.findAndCount(Ticket, {
    where: { slaDueAt: Not(IsNull()), status: In([...OPEN_STATUSES]) },
    order: { slaDueAt: "ASC", id: "ASC" },
    take: limit,
  });
  return { tickets, total };
}

/** Escalated tickets waiting on one of these expert groups (at level 2, or 3 for specialists), oldest escalation first. */
export async function escalatedToGroups(manager: EntityManager, groups: string[], limit: number): Promise<TicketPage> {
  if (groups.length === 0) return { tickets: [], total: 0 };
  const [tickets, total] = await manager.findAndCount(Ticket, {
    where: [{ expertGroup: In(groups), status: "escalated" }, { levelThreeGroup: In(groups), level: 3, status: "escalated" }],
    order: { escalatedAt: "ASC", id: "ASC" },
    take: limit,
  });
  return { tickets, total };
}

/** Tickets with a deadline first, soonest first; then the others by number. */
function bySoonestDeadline(tickets: Ticket[]): Ticket[] {
  return [...tickets].sort((a, b) => {
    const due = (t: Ticket) => t.slaDueAt?.getTime() ?? Number.POSITIVE_INFINITY;
    return due(a) - due(b) || a.id - b.id;
  });
}
