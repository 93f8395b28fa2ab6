import { isOpen } from "../tickets/ticket-lifecycle";
import { NoWorkingTimeError, type BusinessCalendar } from "./business-calendar";
import { clockKindOf, instantAtElapsed, readClock, readMetric, type SlaTicket } from "./sla-clock";
import { WATCHED_METRICS, type SlaMetric, type SlaPolicy, type SlaTarget } from "./sla-policy";
import { nextOpening } from "./next-opening";

/**
 * What the SLA sweep can owe a ticket. reminder: a share of a target is used; breach: the target is missed;
 * escalate: level 1 has not resolved within the category's delay; auto_close: a resolved ticket had no answer.
 */
export type SlaStepKind = "reminder" | "breach" | "escalate" | "auto_close";

export interface SlaStep {
  kind: SlaStepKind;
  /** The target concerned (null for auto_close, which is no commitment but housekeeping). */
  metric: SlaMetric | null;
  /** When it is owed. */
  at: Date;
  /** Its unique notice key: a step with a recorded key is never done again. */
  key: string;
  target: SlaTarget;
}

export interface SlaPlan {
  /** Steps owed at `now`, oldest first. */
  due: SlaStep[];
  /** The earliest instant of any step not yet done (due or future): the ticket's `slaDueAt`. */
  next: Date | null;
}

export { WATCHED_METRICS };

export function slaNoticeKey(ticketId: number, metric: SlaMetric, kind: "reminder" | "breach"): string {
  return `sla:${ticketId}:${metric}:${kind}`;
}

export function escalationKey(ticketId: number): string {
  return `sla:${ticketId}:escalate`;
}

/** One automatic closing per resolution: a reopened and resolved-again ticket can close again. */
export function autoCloseKey(ticketId: number, resolvedAt: Date): string {
  return `sla:${ticketId}:auto_close:${resolvedAt.getTime()}`;
}

/**
 * The SLA steps of a ticket: which are owed now and when the next one falls. A pure function of the stored
 * ticket, its policy and the notice keys already recorded, so the planner (at each change) and the sweep (at each
 * due instant) always agree. A reminder is never sent once its target is missed: the breach says more.
 */
export function planSla(calendar: BusinessCalendar, policy: SlaPolicy, ticket: SlaTicket, sent: ReadonlySet<string>, now: Date): SlaPlan {
  const steps: SlaStep[] = [];
  for (const metric of policy.watched) {
    if (readMetric(calendar, ticket, metric, now).state !== "running") continue;
    const kind = clockKindOf(metric);
    const target = policy.targets[metric];
    const breachKey = slaNoticeKey(ticket.id, metric, "breach");
    if (sent.has(breachKey)) continue;
    const breachAt = instantAtElapsed(calendar, ticket, kind, target.ms);
    if (breachAt === null) continue;
    steps.push({ kind: "breach", metric, at: breachAt, key: breachKey, target });
    const reminderKey = slaNoticeKey(ticket.id, metric, "reminder");
    if (breachAt.getTime() > now.getTime() && !sent.has(reminderKey)) {
      const remindAt = instantAtElapsed(calendar, ticket, kind, target.ms * policy.reminderAt);
      if (remindAt) steps.push({ kind: "reminder", metric, at: remindAt, key: reminderKey, target });
    }
  }

  const escalation = policy.escalation;
  if (escalation && ticket.level === 1 && ticket.escalatedAt === null && isOpen(ticket.status) && !sent.has(escalationKey(ticket.id))) {
    if (readClock(calendar, ticket, "resolution", ticket.resolvedAt, now).state === "running") {
      const at = inRequesterHours(calendar, instantAtElapsed(calendar, ticket, "resolution", escalation.ms), now);
      if (at) steps.push({ kind: "escalate", metric: null, at, key: escalationKey(ticket.id), target: escalation });
    }
  }

  if (ticket.status === "resolved" && ticket.resolvedAt !== null && !sent.has(autoCloseKey(ticket.id, ticket.resolvedAt))) {
    const at = inRequesterHours(calendar, addWorking(calendar, ticket.resolvedAt, policy.autoClose.ms), now);
    if (at) steps.push({ kind: "auto_close", metric: null, at, key: autoCloseKey(ticket.id, ticket.resolvedAt), target: policy.autoClose });
  }

  steps.sort((a, b) => a.at.getTime() - b.at.getTime());
  return {
    due: steps.filter((s) => s.at.getTime() <= now.getTime()),
    next: steps.length > 0 ? steps[0].at : null,
  };
}

/**
 * When a step that messages the requester is done: an automatic escalation tells them the experts have their ticket,
 * a closing asks for the survey. Requesters are not messaged at night (a major incident's broadcast is no SLA step),
 * so such a step found owed while the desk is closed (at the day's last minute, or by a sweep catching up after a
 * stop) waits for the opening; no working time is lost, and the experts would not have seen it before then.
 */
function inRequesterHours(calendar: BusinessCalendar, due: Date | null, now: Date): Date | null {
  return due && due.getTime() <= now.getTime() && !calendar.isWorkingTime(now) ? (nextOpening(calendar, now) ?? due) : due;
}

/** The next deadline people should see on a ticket (its card's "due"): the earliest target not yet met, if any runs. */
export function nextSlaDeadline(calendar: BusinessCalendar, policy: SlaPolicy, ticket: SlaTicket, now: Date): Date | null {
  let earliest: Date | null = null;
  for (const metric of policy.watched) {
    if (readMetric(calendar, ticket, metric, now).state !== "running") continue;
    const at = instantAtElapsed(calendar, ticket, clockKindOf(metric), policy.targets[metric].ms);
    if (at && (earliest === null || at.getTime() < earliest.getTime())) earliest = at;
  }
  return earliest;
}

function addWorking(calendar: BusinessCalendar, from: Date, ms: number): Date | null {
  try {
    return calendar.addWorkingMinutes(from, ms / 60_000);
  } catch (error) {
    if (error instanceof NoWorkingTimeError) return null;
    throw error;
  }
}
