import type { DeskConfig } from "../../config/desk-config-schema";
import type { Ticket } from "../../store/entities/Ticket";
import type { BusinessCalendar } from "./business-calendar";
import { nextSlaDeadline } from "./sla-plan";
import { slaPolicyFor } from "./sla-policy";

/**
 * The nearest target of the ticket not yet met, to show people. Not `slaDueAt`: that is the sweep's next instant
 * to look, which may be a reminder's.
 */
export function ticketDeadline(config: DeskConfig, calendar: BusinessCalendar, ticket: Ticket, now: Date): Date | null {
  return nextSlaDeadline(calendar, slaPolicyFor(config, calendar, ticket), ticket, now);
}
