import type { DeskConfig } from "../../config/desk-config-schema";
import type { Ticket } from "../../store/entities/Ticket";
import type { BusinessCalendar } from "../sla/business-calendar";
import { clockKindOf, instantAtElapsed, type SlaTicket } from "../sla/sla-clock";
import { nextSlaDeadline } from "../sla/sla-plan";
import { slaPolicyFor } from "../sla/sla-policy";
import { isOpen } from "../tickets/ticket-lifecycle";

/** The commitments a requester is promised: an answer or a resolution schedule first, then the solution. */
export type PromisedMetric = "first_answer" | "resolve";

/**
 * What the requester is promised about an open ticket. due: the target ahead; overdue: every target promised is
 * missed, by `lateMs` of working time; paused: no date can be given until the requester answers, or until a manager
 * approves the request; none: the ticket is no longer open.
 */
export type PromisedDate =
  | { state: "due"; metric: PromisedMetric; at: Date }
  | { state: "overdue"; metric: PromisedMetric; at: Date; lateMs: number }
  | { state: "paused"; reason: "requester" | "approval" }
  | { state: "none" };

export type PromiseTicket = SlaTicket & Pick<Ticket, "approval">;

/**
 * The date promised to the requester, at every step (receipt, claim, escalation, priority change, reopen): always the
 * SLA plan's own target, computed from the ticket's stored timestamps, never from "now" (000: « informé du délai
 * prévisible »; 001: « 4 heures maximum pour obtenir une réponse … ou un calendrier prévisionnel »). At level 1 before
 * the first answer, that is the first-answer target; once it is given, missed, or experts are involved, the
 * resolution target of the ticket's priority (paused time excluded).
 */
export function promisedDate(config: DeskConfig, calendar: BusinessCalendar, ticket: PromiseTicket, now: Date): PromisedDate {
  if (!isOpen(ticket.status)) return { state: "none" };
  if (ticket.approval === "pending") return { state: "paused", reason: "approval" };
  const policy = slaPolicyFor(config, calendar, ticket);
  const metrics: PromisedMetric[] = ticket.level < 2 && ticket.firstAnswerAt === null ? ["first_answer", "resolve"] : ["resolve"];
  let missed: { metric: PromisedMetric; at: Date } | null = null;
  for (const metric of metrics) {
    const at = instantAtElapsed(calendar, ticket, clockKindOf(metric), policy.targets[metric].ms);
    if (at === null) continue;
    if (at.getTime() >= now.getTime()) return { state: "due", metric, at };
    missed = { metric, at };
  }
  if (missed) return { state: "overdue", ...missed, lateMs: calendar.workingMillisecondsBetween(missed.at, now) };
  return ticket.waitingSince !== null ? { state: "paused", reason: "requester" } : { state: "none" };
}

/** Whether two promises name the same date (the same state and instant). */
export function samePromise(a: PromisedDate, b: PromisedDate): boolean {
  const at = (p: PromisedDate) => ("at" in p ? p.at.getTime() : null);
  return a.state === b.state && at(a) === at(b);
}

/**
 * The nearest target of the ticket for the desk's staff (the card, the Home page), take-in-charge included: its date
 * while ahead, how late once missed.
 */
export function nearestTarget(
  config: DeskConfig,
  calendar: BusinessCalendar,
  ticket: SlaTicket,
  now: Date,
): { at: Date; lateMs: number } | null {
  const at = nextSlaDeadline(calendar, slaPolicyFor(config, calendar, ticket), ticket, now);
  if (at === null) return null;
  return { at, lateMs: at.getTime() < now.getTime() ? calendar.workingMillisecondsBetween(at, now) : 0 };
}
