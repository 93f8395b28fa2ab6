import type { EntityManager } from "typeorm";
import { Ticket, type TicketStatus } from "../../store/entities/Ticket";
import { readStatusEvents, statusAt, ticketHistory } from "../sla-simulator/ticket-history";
import { isOpen } from "../tickets/ticket-lifecycle";

const BATCH = 1000;

/**
 * The tickets open at an instant, oldest first, a batch at a time, with the status each had then: read from the
 * audit log, so a ticket resolved and reopened since counts as it was. Closed is final until a reopen, which clears
 * `closedAt`: tickets closed before the instant and never reopened are not even read.
 */
export async function* openTicketsAt(manager: EntityManager, at: Date): AsyncGenerator<Array<{ ticket: Ticket; status: TicketStatus }>> {
  let afterId = 0;
  for (;;) {
    const batch = await manager
      .createQueryBuilder(Ticket, "t")
      .where("t.id > :afterId AND t.createdAt <= :at AND (t.closedAt IS NULL OR t.closedAt > :at)", { afterId, at })
      .orderBy("t.id", "ASC")
      .take(BATCH)
      .getMany();
    if (batch.length === 0) return;
    const events = await readStatusEvents(manager, batch.map((t) => t.id));
    yield batch
      .map((ticket) => ({ ticket, status: statusAt(ticketHistory(ticket, events.get(ticket.id) ?? []), at.getTime()) }))
      .filter(({ status }) => isOpen(status));
    if (batch.length < BATCH) return;
    afterId = batch[batch.length - 1].id;
  }
}
