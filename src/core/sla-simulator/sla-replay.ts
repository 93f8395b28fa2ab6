import type { DeskConfig, Priority } from "../../config/desk-config-schema";
import type { TicketStatus } from "../../store/entities/Ticket";
import { NoWorkingTimeError, type BusinessCalendar } from "../sla/business-calendar";
import { clockKindOf } from "../sla/sla-clock";
import { WATCHED_METRICS } from "../sla/sla-plan";
import { SLA_METRICS, slaPolicyFor, type SlaMetric, type SlaPolicy } from "../sla/sla-policy";
import type { TicketHistory } from "./ticket-history";

/** A calendar and the policies of a desk configuration: what a ticket's history is replayed against. */
export class SlaRules {
  readonly calendar: BusinessCalendar;
  private readonly policies = new Map<string, SlaPolicy>();

  constructor(readonly config: DeskConfig, calendar: BusinessCalendar) {
    this.calendar = calendar;
  }

  /** The policy of a category and priority, computed once: 100 000 tickets share a few dozen. */
  policyFor(category: string, priority: Priority): SlaPolicy {
    const key = `${category}\u0000${priority}`;
    let policy = this.policies.get(key);
    if (!policy) {
      policy = slaPolicyFor(this.config, this.calendar, { category, priority });
      this.policies.set(key, policy);
    }
    return policy;
  }
}

/** One commitment of one ticket, replayed. */
export interface MetricReplay {
  /** null when there is nothing to measure: the ticket ended (merged, rejected) before the awaited event. */
  outcome: "met" | "missed" | "pending" | null;
  /** Working time counted up to the event (or up to now), pauses excluded for resolution. */
  elapsedMs: number;
  targetMs: number;
  /** Whether the SLA sweep would have posted the reminder, and the breach, of this commitment. */
  reminder: boolean;
  breach: boolean;
}

export interface TicketReplay {
  metrics: Record<SlaMetric, MetricReplay>;
  /** Whether the automatic call of level 2 would have been made. */
  escalated: boolean;
}

/** Statuses in which the resolution clock stands still: waiting for the requester, and resolved (or closed) until a reopen. */
const PAUSED: ReadonlySet<TicketStatus> = new Set(["waiting_requester", "resolved", "closed"]);
const WATCHED: ReadonlySet<SlaMetric> = new Set(WATCHED_METRICS);

/**
 * Replays one ticket against a calendar and policies, at instant `now`: for each commitment, whether it was met,
 * missed or is still running, and which notices the SLA sweep would have sent, by the same rules as the live engine
 * (`planSla`, `readMetric`): reminders and breaches only while the clock runs and before the awaited event, the
 * automatic escalation while the ticket is open at level 1. Pauses are measured again on the replayed calendar from
 * the status changes, which is why the stored `pausedSeconds` (counted on the calendar of the day) is not used.
 * Pure: no clock, no database.
 */
export function replayTicket(history: TicketHistory, rules: SlaRules, now: number): TicketReplay {
  const calendar = rules.calendar;
  const policy = rules.policyFor(history.category, history.priority);
  const pauses = pauseIntervals(history);
  const last = history.statuses.length - 1;
  // Ended without its event: merged or rejected. Its clocks stopped counting when it closed.
  const closedWithout = history.statuses[last] === "closed" ? history.statusAt[last] : null;
  const created = history.createdAt;

  const metrics = {} as Record<SlaMetric, MetricReplay>;
  for (const metric of SLA_METRICS) {
    const stop = stopOf(metric, history);
    const clock = clockKindOf(metric) === "resolution" ? pauses : NO_PAUSES;
    const targetMs = policy.targets[metric].ms;
    const moot = stop === null && closedWithout !== null;
    // Counted up to the awaited event, the closing, or now: also the last instant at which a notice could go.
    const end = stop !== null ? Math.min(stop, now) : moot ? (closedWithout as number) : now;
    const elapsedMs = runningMs(calendar, created, end, clock);
    const outcome = moot ? null : elapsedMs > targetMs ? "missed" : stop !== null && stop <= now ? "met" : "pending";
    const watched = WATCHED.has(metric);
    metrics[metric] = {
      outcome,
      elapsedMs,
      targetMs,
      reminder: watched && reachedBefore(calendar, created, clock, targetMs * policy.reminderAt, end, elapsedMs),
      breach: watched && reachedBefore(calendar, created, clock, targetMs, end, elapsedMs),
    };
  }

  let escalated = false;
  if (policy.escalation) {
    // The resolution clock's pauses also cover resolved and closed spells, so the instant reached is one at which the
    // ticket was open; it must come by now and before any person escalated it.
    const end = Math.min(now, history.manualEscalationAt ?? Number.POSITIVE_INFINITY);
    escalated = reachedBefore(calendar, created, pauses, policy.escalation.ms, end, runningMs(calendar, created, end, pauses));
  }
  return { metrics, escalated };
}

/**
 * Whether the clock reached `thresholdMs` strictly before `end` (the sweep sends a notice at that instant only if
 * the awaited event has not happened yet), knowing it had counted `countedAtEnd` by `end`. Only a clock that reached
 * the threshold exactly by `end` needs the instant itself: it may have done so before a spell of closed hours.
 */
function reachedBefore(calendar: BusinessCalendar, from: number, pauses: readonly number[], thresholdMs: number, end: number, countedAtEnd: number): boolean {
  if (countedAtEnd < thresholdMs) return false;
  if (countedAtEnd > thresholdMs) return true;
  const at = instantAtRunning(calendar, from, pauses, thresholdMs);
  return at !== null && at < end;
}

const NO_PAUSES: readonly number[] = [];

/** The event that stops a commitment's clock, as `stopOf` in the live engine. */
function stopOf(metric: SlaMetric, history: TicketHistory): number | null {
  switch (metric) {
    case "acknowledge":
      return history.acknowledgedAt;
    case "take_in_charge":
      return history.takenAt;
    case "first_answer":
      return history.firstAnswerAt ?? history.resolvedAt;
    case "resolve":
      return history.resolvedAt;
  }
}

/** The spells in paused statuses as [start, end, start, end…], oldest first; an unfinished one ends at +∞. */
export function pauseIntervals(history: TicketHistory): number[] {
  const intervals: number[] = [];
  let start: number | null = null;
  for (let i = 0; i < history.statuses.length; i++) {
    const paused = PAUSED.has(history.statuses[i]);
    if (paused && start === null) start = history.statusAt[i];
    else if (!paused && start !== null) {
      if (history.statusAt[i] > start) intervals.push(start, history.statusAt[i]);
      start = null;
    }
  }
  if (start !== null) intervals.push(start, Number.POSITIVE_INFINITY);
  return intervals;
}

/** Working milliseconds in [from, to) outside the pauses. */
function runningMs(calendar: BusinessCalendar, from: number, to: number, pauses: readonly number[]): number {
  if (to <= from) return 0;
  let total = working(calendar, from, to);
  for (let i = 0; i < pauses.length; i += 2) {
    const start = Math.max(pauses[i], from);
    const end = Math.min(pauses[i + 1], to);
    if (end > start) total -= working(calendar, start, end);
  }
  return Math.max(0, total);
}

/**
 * The instant at which the clock started at `from` has counted `thresholdMs` of working time outside the pauses;
 * null when it never does (paused for good, or no working time ahead).
 */
function instantAtRunning(calendar: BusinessCalendar, from: number, pauses: readonly number[], thresholdMs: number): number | null {
  let at = from;
  let remaining = thresholdMs;
  for (let i = 0; i < pauses.length; i += 2) {
    const end = pauses[i + 1];
    if (end <= at) continue;
    const start = Math.max(pauses[i], at);
    const worked = working(calendar, at, start);
    if (worked >= remaining) return addWorking(calendar, at, remaining);
    remaining -= worked;
    if (end === Number.POSITIVE_INFINITY) return null;
    at = end;
  }
  return addWorking(calendar, at, remaining);
}

function working(calendar: BusinessCalendar, from: number, to: number): number {
  return calendar.workingMillisecondsBetween(new Date(from), new Date(to));
}

function addWorking(calendar: BusinessCalendar, from: number, ms: number): number | null {
  try {
    return calendar.addWorkingMinutes(new Date(from), ms / 60_000).getTime();
  } catch (error) {
    if (error instanceof NoWorkingTimeError) return null;
    throw error;
  }
}
