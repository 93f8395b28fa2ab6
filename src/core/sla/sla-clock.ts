import type { Ticket } from "../../store/entities/Ticket";
import { isOpen } from "../tickets/ticket-lifecycle";
import { NoWorkingTimeError, type BusinessCalendar } from "./business-calendar";
import type { SlaMetric } from "./sla-policy";

/** The ticket fields every SLA clock is derived from: stored timestamps only, so a restart loses no timer. */
export type SlaTicket = Pick<
  Ticket,
  | "id"
  | "status"
  | "level"
  | "category"
  | "priority"
  | "team"
  | "assigneeId"
  | "createdAt"
  | "acknowledgedAt"
  | "takenAt"
  | "firstAnswerAt"
  | "escalatedAt"
  | "resolvedAt"
  | "closedAt"
  | "waitingSince"
  | "pausedSeconds"
> &
  // Optional: reads of the clocks that select columns (reports) may leave them out; a request without approval runs.
  Partial<Pick<Ticket, "approval" | "approvedAt">>;

/**
 * When a ticket's clocks start: at its creation, or for a request that needed a manager's approval, at the approval
 * (the clocks wait for it). The bot's acknowledgement is measured from the creation all the same: it is stopped first.
 */
export function clockStart(ticket: SlaTicket): Date {
  return ticket.approvedAt ?? ticket.createdAt;
}

function awaitsApproval(ticket: SlaTicket): boolean {
  return ticket.approval === "pending";
}

/**
 * A clock's state at an instant. running: counting; paused: the ticket waits for the requester; stopped: the
 * awaited event happened (`stoppedAt`); moot: the ticket ended without it (merged, rejected), nothing to measure.
 */
export type ClockState = "running" | "paused" | "stopped" | "moot";

export interface ClockReading {
  state: ClockState;
  /** Working time counted so far (up to the stop), pauses excluded. */
  elapsedMs: number;
  stoppedAt: Date | null;
}

/** Response clocks ignore waiting for the requester; resolution clocks (resolve, automatic escalation) pause. */
export type ClockKind = "response" | "resolution";

export function clockKindOf(metric: SlaMetric): ClockKind {
  return metric === "resolve" ? "resolution" : "response";
}

/** The event that stops a metric's clock. An answer given with the resolution counts as the first answer. */
export function stopOf(metric: SlaMetric, ticket: SlaTicket): Date | null {
  switch (metric) {
    case "acknowledge":
      return ticket.acknowledgedAt;
    case "take_in_charge":
      return ticket.takenAt;
    case "first_answer":
      return ticket.firstAnswerAt ?? ticket.resolvedAt;
    case "resolve":
      return ticket.resolvedAt;
  }
}

/** Working milliseconds the resolution clock has been stopped for at `at`: closed pauses plus a wait going on. */
export function pausedMs(calendar: BusinessCalendar, ticket: SlaTicket, at: Date): number {
  const closed = ticket.pausedSeconds * 1000;
  return ticket.waitingSince ? closed + calendar.workingMillisecondsBetween(ticket.waitingSince, at) : closed;
}

/** Reads a clock started at the ticket's start (`clockStart`) and stopped by `stop`, at instant `at`. */
export function readClock(calendar: BusinessCalendar, ticket: SlaTicket, kind: ClockKind, stop: Date | null, at: Date): ClockReading {
  if (stop === null && !isOpen(ticket.status) && ticket.status !== "resolved") return { state: "moot", elapsedMs: 0, stoppedAt: null };
  if (stop === null && awaitsApproval(ticket)) return { state: "paused", elapsedMs: 0, stoppedAt: null };
  const end = stop !== null && stop.getTime() < at.getTime() ? stop : at;
  const paused = kind === "resolution" ? pausedMs(calendar, ticket, end) : 0;
  const elapsedMs = Math.max(0, calendar.workingMillisecondsBetween(clockStart(ticket), end) - paused);
  if (stop !== null) return { state: "stopped", elapsedMs, stoppedAt: stop };
  if (kind === "resolution" && ticket.waitingSince !== null) return { state: "paused", elapsedMs, stoppedAt: null };
  return { state: "running", elapsedMs, stoppedAt: null };
}

export function readMetric(calendar: BusinessCalendar, ticket: SlaTicket, metric: SlaMetric, at: Date): ClockReading {
  return readClock(calendar, ticket, clockKindOf(metric), stopOf(metric, ticket), at);
}

/**
 * The instant at which a running clock reaches `thresholdMs` of counted time: the closed pauses push it later by
 * their length. Null while paused (no instant can be known until the requester answers, or a manager approves the
 * request) or when the calendar has no working time ahead.
 */
export function instantAtElapsed(calendar: BusinessCalendar, ticket: SlaTicket, kind: ClockKind, thresholdMs: number): Date | null {
  if (kind === "resolution" && ticket.waitingSince !== null) return null;
  if (awaitsApproval(ticket)) return null;
  const offset = kind === "resolution" ? ticket.pausedSeconds * 1000 : 0;
  try {
    return calendar.addWorkingMinutes(clockStart(ticket), (thresholdMs + offset) / 60_000);
  } catch (error) {
    if (error instanceof NoWorkingTimeError) return null;
    throw error;
  }
}
