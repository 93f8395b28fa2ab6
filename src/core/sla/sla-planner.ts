import type { EntityManager } from "typeorm";
import { Ticket } from "../../store/entities/Ticket";
import type { DeskContext, TicketObserver } from "../desk-context";
import { noticeKeysByTicket } from "../notices/notice-log";
import { planSla } from "./sla-plan";
import { slaPolicyFor } from "./sla-policy";

/**
 * Keeps each ticket's `slaDueAt` (the next SLA instant to look at) in step with its state, in the transaction of
 * every change: the sweep then reads only the rows due by now, through the index, instead of every open ticket.
 */
export class SlaPlanner implements TicketObserver {
  constructor(private readonly ctx: Pick<DeskContext, "config" | "calendar" | "now">) {}

  async ticketChanged(manager: EntityManager, ticket: Ticket): Promise<void> {
    const sent = (await noticeKeysByTicket(manager, [ticket.id])).get(ticket.id) ?? new Set<string>();
    await this.store(manager, ticket, sent);
  }

  /** Plans the ticket with the notice keys already recorded for it, and writes `slaDueAt` if it moved. */
  async store(manager: EntityManager, ticket: Ticket, sent: ReadonlySet<string>): Promise<Date | null> {
    const policy = slaPolicyFor(this.ctx.config, this.ctx.calendar, ticket);
    const next = planSla(this.ctx.calendar, policy, ticket, sent, this.ctx.now()).next;
    if ((next?.getTime() ?? null) !== (ticket.slaDueAt?.getTime() ?? null)) {
      await manager.update(Ticket, { id: ticket.id }, { slaDueAt: next });
    }
    return next;
  }
}
