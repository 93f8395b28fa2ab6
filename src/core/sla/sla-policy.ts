import type { DeskConfig, Priority } from "../../config/desk-config-schema";
import type { BusinessCalendar } from "./business-calendar";

/**
 * The commitments watched on every ticket. `acknowledge`, `take_in_charge` and `first_answer` are response
 * targets; `resolve` and the automatic `escalate` are resolution targets, paused while the ticket waits for the
 * requester (GLPI's rule: waiting extends time-to-resolve, not time-to-own).
 */
export type SlaMetric = "acknowledge" | "take_in_charge" | "first_answer" | "resolve";
export const SLA_METRICS: readonly SlaMetric[] = ["acknowledge", "take_in_charge", "first_answer", "resolve"];

/** Targets whose reminders and breaches are posted. The bot acknowledges at once, so acknowledgement is only measured. */
export const WATCHED_METRICS: readonly SlaMetric[] = ["take_in_charge", "first_answer", "resolve"];

/** A target as configured ("4h") and as working milliseconds. */
export interface SlaTarget {
  duration: string;
  ms: number;
}

/** What applies to one ticket, after the category's and the priority's overrides. */
export interface SlaPolicy {
  /** Share of a target at which the assignee is reminded (0.75). */
  reminderAt: number;
  targets: Record<SlaMetric, SlaTarget>;
  /** The targets whose reminders and breaches are sent: none for a workflow request, whose sub-requests have theirs. */
  watched: readonly SlaMetric[];
  /** The automatic call of level 2, when the category names an expert group and a delay. */
  escalation: (SlaTarget & { group: string }) | null;
  /** Resolved tickets close themselves after this much working time without an answer. */
  autoClose: SlaTarget;
}

const DURATION = /^(\d+(?:\.\d+)?)(m|h|d)$/;

/**
 * Working milliseconds in a configured duration: "30m", "4h", or "2d" where a day is the calendar's standard
 * working day (7 h 30 by default), the same reading as `addWorkingDuration`.
 */
export function workingDurationMs(calendar: BusinessCalendar, duration: string): number {
  const match = DURATION.exec(duration);
  if (!match) throw new Error(`not a working-time duration: "${duration}"`);
  const amount = Number(match[1]);
  const minutes = match[2] === "d" ? amount * calendar.standardDayMinutes : match[2] === "h" ? amount * 60 : amount;
  return Math.round(minutes * 60_000);
}

/**
 * The policy of a ticket: the desk's targets, replaced by its priority's (`sla.priorities`), replaced by its
 * category's (`categories[].sla`). Computed on each use: it is a few lookups, and configuration stays the only truth.
 */
export function slaPolicyFor(config: DeskConfig, calendar: BusinessCalendar, ticket: { category: string; priority: Priority; workflow?: boolean }): SlaPolicy {
  const sla = config.sla;
  const byPriority = sla.priorities[ticket.priority] ?? {};
  const category = config.categories.find((c) => c.id === ticket.category);
  const own = category?.sla ?? {};
  const ownResolve = typeof own.resolve === "string" ? own.resolve : own.resolve?.[ticket.priority];
  const target = (duration: string): SlaTarget => ({ duration, ms: workingDurationMs(calendar, duration) });
  const hasGroup = category?.expertGroup !== undefined && config.expertGroups.some((g) => g.id === category.expertGroup);
  return {
    reminderAt: sla.reminderAt,
    targets: {
      acknowledge: target(own.acknowledge ?? byPriority.acknowledge ?? sla.acknowledge),
      take_in_charge: target(own.takeInCharge ?? byPriority.takeInCharge ?? sla.takeInCharge),
      first_answer: target(own.firstAnswer ?? byPriority.firstAnswer ?? sla.firstAnswer),
      resolve: target(ownResolve ?? byPriority.resolve ?? sla.resolve[ticket.priority]),
    },
    // A workflow request is worked through its steps, each sub-request a ticket with its own commitments: it is
    // neither reminded, breached nor escalated itself (it still closes itself once resolved).
    watched: ticket.workflow ? [] : WATCHED_METRICS,
    escalation:
      category?.escalateAfter && hasGroup && !ticket.workflow ? { ...target(category.escalateAfter), group: category.expertGroup as string } : null,
    autoClose: target(sla.autoCloseAfter),
  };
}
