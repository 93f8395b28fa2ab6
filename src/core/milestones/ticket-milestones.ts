import type { DeskConfig } from "../../config/desk-config-schema";
import type { Ticket } from "../../store/entities/Ticket";
import type { BusinessCalendar } from "../sla/business-calendar";
import { nextOpening } from "../sla/next-opening";
import { clockKindOf, instantAtElapsed, readMetric, type SlaTicket } from "../sla/sla-clock";
import { SLA_METRICS, slaPolicyFor, type SlaMetric } from "../sla/sla-policy";
import { isOpen } from "../tickets/ticket-lifecycle";

/**
 * Where a commitment stands. done: met (`at` is when); due: ahead; near: past the reminder share of its target (the
 * sweep's reminder); overdue: missed (the sweep's breach); paused: its clock waits for the requester.
 */
export type MilestoneState = "done" | "due" | "near" | "overdue" | "paused";

export interface Milestone {
  metric: SlaMetric;
  state: MilestoneState;
  /** done: when it was met; due, near, overdue: its deadline; paused: null (no date can be known). */
  at: Date | null;
  /** Working time left before the deadline (due, near). */
  leftMs: number;
  /** Working time past the deadline: overdue, or a commitment met late. */
  lateMs: number;
  /** paused: since when. */
  since: Date | null;
}

/** Why clocks of the ticket do not run now, besides a commitment's own pause. */
export type TicketPause = { kind: "approval" } | { kind: "closed"; until: Date };

export interface TicketMilestones {
  milestones: Milestone[];
  pauses: TicketPause[];
}

export type MilestoneTicket = SlaTicket & Pick<Ticket, "approval">;

/**
 * Each commitment of the ticket's SLA plan at `now`, from its stored timestamps, with the same clocks as the sweep
 * (`readMetric`, `instantAtElapsed`): the states change exactly when the sweep owes a reminder (near) or a breach
 * (overdue), which is when it redraws the cards. A commitment the ticket can no longer meet or miss (a merged ticket)
 * is left out.
 */
export function ticketMilestones(config: DeskConfig, calendar: BusinessCalendar, ticket: MilestoneTicket, now: Date): TicketMilestones {
  const policy = slaPolicyFor(config, calendar, ticket);
  const milestones: Milestone[] = [];
  for (const metric of SLA_METRICS) {
    const target = policy.targets[metric].ms;
    const reading = readMetric(calendar, ticket, metric, now);
    if (reading.state === "moot") continue;
    if (reading.state === "stopped") {
      milestones.push({ metric, state: "done", at: reading.stoppedAt, leftMs: 0, lateMs: Math.max(0, reading.elapsedMs - target), since: null });
      continue;
    }
    if (reading.state === "paused") {
      // A request waiting for a manager's approval has its clocks waiting too: one line says so (`pauses`).
      if (ticket.approval === "pending") continue;
      milestones.push({ metric, state: "paused", at: null, leftMs: 0, lateMs: 0, since: ticket.waitingSince });
      continue;
    }
    const due = instantAtElapsed(calendar, ticket, clockKindOf(metric), target);
    if (due === null) continue;
    if (due.getTime() <= now.getTime()) {
      milestones.push({ metric, state: "overdue", at: due, leftMs: 0, lateMs: calendar.workingMillisecondsBetween(due, now), since: null });
    } else {
      const state = reading.elapsedMs >= target * policy.reminderAt ? "near" : "due";
      milestones.push({ metric, state, at: due, leftMs: Math.max(0, target - reading.elapsedMs), lateMs: 0, since: null });
    }
  }
  const pauses: TicketPause[] = [];
  if (ticket.approval === "pending") pauses.push({ kind: "approval" });
  if (isOpen(ticket.status) && !calendar.isWorkingTime(now)) {
    const until = nextOpening(calendar, now);
    if (until) pauses.push({ kind: "closed", until });
  }
  return { milestones, pauses };
}

