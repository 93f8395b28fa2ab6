import { PRIORITIES, type Priority } from "../../config/desk-config-schema";
import { WATCHED_METRICS } from "../sla/sla-plan";
import { SLA_METRICS, type SlaMetric } from "../sla/sla-policy";
import { replayTicket, type MetricReplay, type SlaRules } from "./sla-replay";
import type { TicketHistory } from "./ticket-history";

/** Commitments of one kind: met, missed, and still running within their target. */
export interface Tally {
  met: number;
  missed: number;
  pending: number;
}

/** What one set of rules gives over the replayed tickets. */
export interface SimulatedFigures {
  targets: Record<SlaMetric, Tally>;
  /** The same per priority, for the priorities that have tickets. */
  byPriority: Partial<Record<Priority, Record<SlaMetric, Tally>>>;
  /** Notices the SLA sweep would have sent, per watched commitment. */
  reminders: Partial<Record<SlaMetric, number>>;
  breaches: Partial<Record<SlaMetric, number>>;
  escalations: number;
}

/** A commitment of a ticket whose outcome differs between the two sets of rules. */
export interface OutcomeChange {
  ticketId: number;
  metric: SlaMetric;
  current: { elapsedMs: number; targetMs: number };
  candidate: { elapsedMs: number; targetMs: number };
}

export interface SlaSimulation {
  tickets: number;
  current: SimulatedFigures;
  candidate: SimulatedFigures;
  /** Met with the current rules, missed with the candidate ones (oldest ticket first). */
  metToMissed: OutcomeChange[];
  missedToMet: OutcomeChange[];
  /** Tickets automatically escalated with one set of rules and not the other. */
  escalationsGained: number[];
  escalationsLost: number[];
}

/**
 * Replays ticket histories against the current rules and candidate ones, side by side. Tickets are added in
 * batches as they are read; nothing but the tallies and the changed tickets is kept, so 100 000 tickets need no
 * more memory than their changes.
 */
export class SlaSimulator {
  private readonly result: SlaSimulation = {
    tickets: 0,
    current: emptyFigures(),
    candidate: emptyFigures(),
    metToMissed: [],
    missedToMet: [],
    escalationsGained: [],
    escalationsLost: [],
  };

  constructor(
    private readonly current: SlaRules,
    private readonly candidate: SlaRules,
    private readonly now: number,
  ) {}

  add(histories: Iterable<TicketHistory>): void {
    for (const history of histories) {
      const before = replayTicket(history, this.current, this.now);
      const after = replayTicket(history, this.candidate, this.now);
      this.result.tickets++;
      count(this.result.current, history.priority, before.metrics, before.escalated);
      count(this.result.candidate, history.priority, after.metrics, after.escalated);
      for (const metric of SLA_METRICS) {
        const [a, b] = [before.metrics[metric], after.metrics[metric]];
        if (a.outcome === "met" && b.outcome === "missed") this.result.metToMissed.push(change(history.id, metric, a, b));
        else if (a.outcome === "missed" && b.outcome === "met") this.result.missedToMet.push(change(history.id, metric, a, b));
      }
      if (after.escalated && !before.escalated) this.result.escalationsGained.push(history.id);
      else if (before.escalated && !after.escalated) this.result.escalationsLost.push(history.id);
    }
  }

  get simulation(): SlaSimulation {
    return this.result;
  }
}

/** Replays every history at once (for tests and the benchmark; the command streams batches into `SlaSimulator`). */
export function simulateSla(histories: Iterable<TicketHistory>, current: SlaRules, candidate: SlaRules, now: number): SlaSimulation {
  const simulator = new SlaSimulator(current, candidate, now);
  simulator.add(histories);
  return simulator.simulation;
}

/** met / (met + missed), or null when nothing was measured. */
export function metRate(tally: Tally): number | null {
  const measured = tally.met + tally.missed;
  return measured === 0 ? null : tally.met / measured;
}

function emptyTallies(): Record<SlaMetric, Tally> {
  return Object.fromEntries(SLA_METRICS.map((m) => [m, { met: 0, missed: 0, pending: 0 }])) as Record<SlaMetric, Tally>;
}

function emptyFigures(): SimulatedFigures {
  return {
    targets: emptyTallies(),
    byPriority: {},
    reminders: Object.fromEntries(WATCHED_METRICS.map((m) => [m, 0])),
    breaches: Object.fromEntries(WATCHED_METRICS.map((m) => [m, 0])),
    escalations: 0,
  };
}

function count(figures: SimulatedFigures, priority: Priority, metrics: Record<SlaMetric, MetricReplay>, escalated: boolean): void {
  if (!figures.byPriority[priority]) {
    figures.byPriority[priority] = emptyTallies();
    // Keep the priorities in their natural order (critical first), whatever order the tickets came in.
    figures.byPriority = Object.fromEntries(PRIORITIES.slice().reverse().filter((p) => figures.byPriority[p]).map((p) => [p, figures.byPriority[p]]));
  }
  const byPriority = figures.byPriority[priority] as Record<SlaMetric, Tally>;
  for (const metric of SLA_METRICS) {
    const replay = metrics[metric];
    if (replay.outcome !== null) {
      figures.targets[metric][replay.outcome]++;
      byPriority[metric][replay.outcome]++;
    }
    if (replay.reminder) figures.reminders[metric] = (figures.reminders[metric] ?? 0) + 1;
    if (replay.breach) figures.breaches[metric] = (figures.breaches[metric] ?? 0) + 1;
  }
  if (escalated) figures.escalations++;
}

function change(ticketId: number, metric: SlaMetric, a: MetricReplay, b: MetricReplay): OutcomeChange {
  return {
    ticketId,
    metric,
    current: { elapsedMs: a.elapsedMs, targetMs: a.targetMs },
    candidate: { elapsedMs: b.elapsedMs, targetMs: b.targetMs },
  };
}
