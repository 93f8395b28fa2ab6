import { Between, In, MoreThanOrEqual, type EntityManager } from "typeorm";
import type { DeskConfig } from "../../config/desk-config-schema";
import { KnowledgeUsage } from "../../store/entities/KnowledgeUsage";
import { MajorIncident } from "../../store/entities/MajorIncident";
import { NoticeRecord } from "../../store/entities/NoticeRecord";
import { Ticket } from "../../store/entities/Ticket";
import type { Lang } from "../knowledge/article";
import { texts } from "../messages/texts";
import { categoryLabel } from "../routing/category-labels";
import type { BusinessCalendar } from "../sla/business-calendar";
import { readMetric } from "../sla/sla-clock";
import { SLA_METRICS, slaPolicyFor, type SlaMetric } from "../sla/sla-policy";
import { median, percentile, ratio } from "./statistics";

export interface ReportPeriod {
  /** First instant counted. */
  since: Date;
  /** First instant not counted. */
  until: Date;
}

export interface Count {
  id: string;
  label: string;
  count: number;
}

/** Working time, in minutes, from the ticket's opening to the event (pauses excluded for resolution). */
export interface DurationStats {
  count: number;
  medianMinutes: number | null;
  p90Minutes: number | null;
}

/** Tickets measured against a target: met or missed once the event happened, missed too once overdue without it. */
export interface TargetStats {
  met: number;
  missed: number;
  /** Still running within their target when the report was made. */
  pending: number;
  /** met / (met + missed). */
  metRate: number | null;
}

/**
 * The management figures. Volumes, times, targets and escalations are about the tickets opened in the period, as
 * they stand when the report is made; deflections are the knowledge answers that solved a question in the period;
 * satisfaction is the ratings of tickets closed in the period.
 */
export interface DeskReport {
  since: string;
  until: string;
  generatedAt: string;
  timezone: string;
  tickets: { created: number; incidents: number; requests: number; resolved: number; stillOpen: number };
  byCategory: Count[];
  byChannel: Count[];
  byPriority: Count[];
  times: Record<SlaMetric, DurationStats>;
  sla: Record<SlaMetric, TargetStats>;
  escalations: { count: number; automatic: number; rate: number | null };
  /** Questions solved by a knowledge article without a ticket; rate = deflections / (deflections + tickets). */
  deflections: { count: number; rate: number | null };
  satisfaction: { responses: number; average: number | null; distribution: [number, number, number, number, number] };
  majorIncidents: { declared: number };
}

const OPEN = new Set(["new", "acknowledged", "in_progress", "waiting_requester", "escalated"]);
const BATCH = 2000;

/** Builds the report of a period from the store. Reads only the tickets opened in it, in batches. */
export async function buildDeskReport(
  manager: EntityManager,
  config: DeskConfig,
  calendar: BusinessCalendar,
  period: ReportPeriod,
  now: Date,
  lang: Lang = config.desk.defaultLocale,
): Promise<DeskReport> {
  const categories = new Map<string, number>();
  const channels = new Map<string, number>();
  const priorities = new Map<string, number>();
  const minutes = Object.fromEntries(SLA_METRICS.map((m) => [m, [] as number[]])) as Record<SlaMetric, number[]>;
  const targets = Object.fromEntries(SLA_METRICS.map((m) => [m, { met: 0, missed: 0, pending: 0 }])) as Record<SlaMetric, Omit<TargetStats, "metRate">>;
  const tickets = { created: 0, incidents: 0, requests: 0, resolved: 0, stillOpen: 0 };
  const escalated: number[] = [];

  let afterId = 0;
  for (;;) {
    const batch = await manager
      .createQueryBuilder(Ticket, "t")
      .select([
        "t.id", "t.kind", "t.category", "t.priority", "t.status", "t.level", "t.team", "t.assigneeId", "t.channel",
        "t.createdAt", "t.acknowledgedAt", "t.takenAt", "t.firstAnswerAt", "t.escalatedAt", "t.resolvedAt", "t.closedAt",
        "t.waitingSince", "t.pausedSeconds",
      ])
      .where("t.createdAt >= :since AND t.createdAt < :until AND t.id > :afterId", { since: period.since, until: period.until, afterId })
      .orderBy("t.id", "ASC")
      .take(BATCH)
      .getMany();
    for (const ticket of batch) {
      tickets.created++;
      if (ticket.kind === "request") tickets.requests++;
      else tickets.incidents++;
      if (ticket.resolvedAt !== null) tickets.resolved++;
      if (OPEN.has(ticket.status)) tickets.stillOpen++;
      add(categories, ticket.category);
      add(channels, ticket.channel);
      add(priorities, ticket.priority);
      if (ticket.escalatedAt !== null) escalated.push(ticket.id);
      const policy = slaPolicyFor(config, calendar, ticket);
      for (const metric of SLA_METRICS) {
        const reading = readMetric(calendar, ticket, metric, now);
        if (reading.state === "moot") continue;
        const over = reading.elapsedMs > policy.targets[metric].ms;
        if (reading.state === "stopped") {
          minutes[metric].push(reading.elapsedMs / 60_000);
          targets[metric][over ? "missed" : "met"]++;
        } else {
          targets[metric][over ? "missed" : "pending"]++;
        }
      }
    }
    if (batch.length < BATCH) break;
    afterId = batch[batch.length - 1].id;
  }

  const automatic = escalated.length === 0 ? 0 : await countAutomaticEscalations(manager, escalated);
  const deflections = await manager.count(KnowledgeUsage, { where: { event: "solved", at: between(period) } });
  const rated = await manager.find(Ticket, {
    select: { id: true, satisfaction: true },
    where: { closedAt: between(period), satisfaction: MoreThanOrEqual(1) },
  });
  const distribution: [number, number, number, number, number] = [0, 0, 0, 0, 0];
  for (const { satisfaction } of rated) if (satisfaction !== null && satisfaction >= 1 && satisfaction <= 5) distribution[satisfaction - 1]++;
  const declared = await manager.count(MajorIncident, { where: { declaredAt: between(period) } });

  return {
    since: period.since.toISOString(),
    until: period.until.toISOString(),
    generatedAt: now.toISOString(),
    timezone: config.calendar.timezone,
    tickets,
    byCategory: counts(categories, (id) => categoryLabel(config, id, lang)),
    byChannel: counts(channels, (id) => id),
    byPriority: counts(priorities, (id) => texts(lang).priority[id as Ticket["priority"]] ?? id),
    times: Object.fromEntries(SLA_METRICS.map((m) => [m, {
      count: minutes[m].length,
      medianMinutes: median(minutes[m]),
      p90Minutes: percentile(minutes[m], 90),
    }])) as Record<SlaMetric, DurationStats>,
    sla: Object.fromEntries(SLA_METRICS.map((m) => [m, { ...targets[m], metRate: ratio(targets[m].met, targets[m].met + targets[m].missed) }])) as Record<SlaMetric, TargetStats>,
    escalations: { count: escalated.length, automatic, rate: ratio(escalated.length, tickets.created) },
    deflections: { count: deflections, rate: ratio(deflections, deflections + tickets.created) },
    satisfaction: {
      responses: rated.length,
      average: rated.length ? distribution.reduce((sum, n, i) => sum + n * (i + 1), 0) / rated.length : null,
      distribution,
    },
    majorIncidents: { declared },
  };
}

/** [since, until): TypeORM's Between is inclusive, so the end is excluded by hand. */
function between(period: ReportPeriod) {
  return Between(period.since, new Date(period.until.getTime() - 1));
}

async function countAutomaticEscalations(manager: EntityManager, ticketIds: number[]): Promise<number> {
  let total = 0;
  // Chunks keep the IN list under every database's parameter limit.
  for (let i = 0; i < ticketIds.length; i += 500) {
    total += await manager.count(NoticeRecord, { where: { kind: "auto_escalation", ticketId: In(ticketIds.slice(i, i + 500)) } });
  }
  return total;
}

function add(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** Largest first; ties by id, so the order is stable from one report to the next. */
function counts(map: Map<string, number>, label: (id: string) => string): Count[] {
  return [...map]
    .map(([id, count]) => ({ id, label: label(id), count }))
    .sort((a, b) => b.count - a.count || a.id.localeCompare(b.id));
}
