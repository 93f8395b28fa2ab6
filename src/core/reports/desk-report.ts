import { DateTime } from "luxon";
import { Between, In, MoreThanOrEqual, type EntityManager } from "typeorm";
import type { DeskConfig } from "../../config/desk-config-schema";
import { ExternalTransfer } from "../../store/entities/ExternalTransfer";
import { KnowledgeUsage } from "../../store/entities/KnowledgeUsage";
import { MajorIncident } from "../../store/entities/MajorIncident";
import { NoticeRecord } from "../../store/entities/NoticeRecord";
import { SelfServiceRun } from "../../store/entities/SelfServiceRun";
import { Ticket } from "../../store/entities/Ticket";
import type { Lang } from "../knowledge/article";
import { texts } from "../messages/texts";
import { deskLabel } from "../external-desks/transfer-card";
import { categoryLabel } from "../routing/category-labels";
import type { BusinessCalendar } from "../sla/business-calendar";
import { readMetric } from "../sla/sla-clock";
import { SLA_METRICS, slaPolicyFor, type SlaMetric } from "../sla/sla-policy";
import { profileLabel } from "../people/profiles";
import { openTicketsAt } from "./open-tickets";
import { mean, median, percentile, ratio } from "./statistics";

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
  meanMinutes: number | null;
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
  /** Tickets handed to another desk in the period, per desk (transfers an agent cancelled are not counted). */
  transfers: Count[];
  /** The same figures per profile (kind of workstation), in the configuration's order; tickets without one last. */
  byProfile: ProfileFigures[];
  /** Each day of the period in the desk's zone: tickets opened that day, and tickets resolved that day (whenever opened). */
  daily: Array<{ date: string; opened: number; resolved: number }>;
  /** The tickets still open at the end of the period (or now, if sooner), by age. */
  backlog: Backlog;
}

/** Age buckets of the backlog, in calendar days: under 1, 1–3, 3–7, 7–30, 30 and more. */
export const BACKLOG_BUCKETS = [
  { id: "under_1d", fromDays: 0 },
  { id: "1d_3d", fromDays: 1 },
  { id: "3d_7d", fromDays: 3 },
  { id: "7d_30d", fromDays: 7 },
  { id: "over_30d", fromDays: 30 },
] as const;
export type BacklogBucketId = (typeof BACKLOG_BUCKETS)[number]["id"];

export interface Backlog {
  at: string;
  open: number;
  blocking: number;
  /** Age of the oldest open ticket, in calendar days. */
  oldestDays: number | null;
  buckets: Array<{ id: BacklogBucketId; open: number; blocking: number }>;
}

/** Quality for one kind of workstation (seed 001): its tickets, their resolution time, commitments and satisfaction. */
export interface ProfileFigures {
  /** The profile's id, or null for tickets whose requester had none. */
  id: string | null;
  label: string;
  created: number;
  resolved: number;
  resolve: DurationStats;
  sla: Record<SlaMetric, TargetStats>;
  satisfaction: { responses: number; average: number | null };
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
  const profiles = new Map<string | null, ProfileTally>();
  const zone = config.calendar.timezone;
  const daily = new Map(periodDays(period, zone).map((date) => [date, { date, opened: 0, resolved: 0 }]));

  let afterId = 0;
  for (;;) {
    const batch = await manager
      .createQueryBuilder(Ticket, "t")
      .select([
        "t.id", "t.kind", "t.category", "t.priority", "t.status", "t.level", "t.team", "t.assigneeId", "t.channel",
        "t.createdAt", "t.acknowledgedAt", "t.takenAt", "t.firstAnswerAt", "t.escalatedAt", "t.resolvedAt", "t.closedAt",
        "t.waitingSince", "t.pausedSeconds", "t.profile", "t.approval", "t.approvedAt", "t.workflow",
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
      const day = daily.get(localDate(ticket.createdAt, zone));
      if (day) day.opened++;
      const profile = tallyOf(profiles, ticket.profile);
      profile.created++;
      if (ticket.resolvedAt !== null) profile.resolved++;
      const policy = slaPolicyFor(config, calendar, ticket);
      // A workflow request commits to nothing itself: its sub-requests, tickets of their own, carry the commitments.
      for (const metric of ticket.workflow ? [] : SLA_METRICS) {
        const reading = readMetric(calendar, ticket, metric, now);
        if (reading.state === "moot") continue;
        const over = reading.elapsedMs > policy.targets[metric].ms;
        const outcome = reading.state === "stopped" ? (over ? "missed" : "met") : over ? "missed" : "pending";
        targets[metric][outcome]++;
        profile.targets[metric][outcome]++;
        if (reading.state === "stopped") {
          minutes[metric].push(reading.elapsedMs / 60_000);
          if (metric === "resolve") profile.resolveMinutes.push(reading.elapsedMs / 60_000);
        }
      }
    }
    if (batch.length < BATCH) break;
    afterId = batch[batch.length - 1].id;
  }

  const automatic = escalated.length === 0 ? 0 : await countAutomaticEscalations(manager, escalated);
  // A deflection is a request answered without a ticket: an article that solved it, or a self-service action done.
  const deflections =
    (await manager.count(KnowledgeUsage, { where: { event: "solved", at: between(period) } })) +
    (await manager.count(SelfServiceRun, { where: { state: "succeeded", finishedAt: between(period) } }));
  const rated = await manager.find(Ticket, {
    select: { id: true, satisfaction: true, profile: true },
    where: { closedAt: between(period), satisfaction: MoreThanOrEqual(1) },
  });
  const distribution: [number, number, number, number, number] = [0, 0, 0, 0, 0];
  for (const { satisfaction, profile } of rated) {
    if (satisfaction === null || satisfaction < 1 || satisfaction > 5) continue;
    distribution[satisfaction - 1]++;
    tallyOf(profiles, profile).scores.push(satisfaction);
  }
  const declared = await manager.count(MajorIncident, { where: { declaredAt: between(period) } });
  for (const { resolvedAt } of await manager.find(Ticket, { select: { id: true, resolvedAt: true }, where: { resolvedAt: between(period) } })) {
    const day = resolvedAt && daily.get(localDate(resolvedAt, zone));
    if (day) day.resolved++;
  }
  const backlogAt = new Date(Math.min(period.until.getTime(), now.getTime()));
  const transfers = await manager
    .createQueryBuilder(ExternalTransfer, "x")
    .select("x.deskId", "deskId")
    .addSelect("COUNT(*)", "count")
    .where("x.createdAt >= :since AND x.createdAt < :until AND x.state <> 'cancelled'", { since: period.since, until: period.until })
    .groupBy("x.deskId")
    .getRawMany<{ deskId: string; count: number | string }>();

  return {
    since: period.since.toISOString(),
    until: period.until.toISOString(),
    generatedAt: now.toISOString(),
    timezone: config.calendar.timezone,
    tickets,
    byCategory: counts(categories, (id) => categoryLabel(config, id, lang)),
    byChannel: counts(channels, (id) => id),
    byPriority: counts(priorities, (id) => texts(lang).priority[id as Ticket["priority"]] ?? id),
    times: Object.fromEntries(SLA_METRICS.map((m) => [m, durationStats(minutes[m])])) as Record<SlaMetric, DurationStats>,
    sla: targetStats(targets),
    escalations: { count: escalated.length, automatic, rate: ratio(escalated.length, tickets.created) },
    deflections: { count: deflections, rate: ratio(deflections, deflections + tickets.created) },
    satisfaction: {
      responses: rated.length,
      average: rated.length ? distribution.reduce((sum, n, i) => sum + n * (i + 1), 0) / rated.length : null,
      distribution,
    },
    majorIncidents: { declared },
    transfers: counts(new Map(transfers.map((row) => [row.deskId, Number(row.count)])), (id) => deskLabel(config, id, lang)),
    byProfile: profileFigures(config, profiles, lang),
    daily: [...daily.values()],
    backlog: await backlogOf(manager, backlogAt),
  };
}

/** The local dates of the period, first to last (an end at midnight is not a day of it). */
function periodDays(period: ReportPeriod, zone: string): string[] {
  const days: string[] = [];
  const last = DateTime.fromJSDate(new Date(period.until.getTime() - 1), { zone }).startOf("day");
  for (let day = DateTime.fromJSDate(period.since, { zone }).startOf("day"); day <= last; day = day.plus({ days: 1 })) {
    days.push(day.toISODate() as string);
  }
  return days;
}

function localDate(date: Date, zone: string): string {
  return DateTime.fromJSDate(date, { zone }).toISODate() as string;
}

/** The open tickets at `at` by age, read from the audit log as the review-meeting extraction reads them. */
async function backlogOf(manager: EntityManager, at: Date): Promise<Backlog> {
  const buckets = BACKLOG_BUCKETS.map((b) => ({ id: b.id as BacklogBucketId, open: 0, blocking: 0 }));
  let [open, blocking, oldest] = [0, 0, null as number | null];
  for await (const batch of openTicketsAt(manager, at)) {
    for (const { ticket } of batch) {
      const days = (at.getTime() - ticket.createdAt.getTime()) / 86_400_000;
      let index = BACKLOG_BUCKETS.length - 1;
      while (index > 0 && days < BACKLOG_BUCKETS[index].fromDays) index--;
      const bucket = buckets[index];
      bucket.open++;
      open++;
      if (ticket.blocking) {
        bucket.blocking++;
        blocking++;
      }
      oldest = Math.max(oldest ?? 0, days);
    }
  }
  return { at: at.toISOString(), open, blocking, oldestDays: oldest, buckets };
}

/** What is counted for one profile while the tickets are read. */
interface ProfileTally {
  created: number;
  resolved: number;
  resolveMinutes: number[];
  targets: Record<SlaMetric, Omit<TargetStats, "metRate">>;
  scores: number[];
}

function tallyOf(profiles: Map<string | null, ProfileTally>, id: string | null): ProfileTally {
  let tally = profiles.get(id);
  if (!tally) {
    tally = { created: 0, resolved: 0, resolveMinutes: [], targets: emptyTargets(), scores: [] };
    profiles.set(id, tally);
  }
  return tally;
}

function emptyTargets(): Record<SlaMetric, Omit<TargetStats, "metRate">> {
  return Object.fromEntries(SLA_METRICS.map((m) => [m, { met: 0, missed: 0, pending: 0 }])) as Record<SlaMetric, Omit<TargetStats, "metRate">>;
}

function durationStats(values: number[]): DurationStats {
  return { count: values.length, medianMinutes: median(values), p90Minutes: percentile(values, 90), meanMinutes: mean(values) };
}

function targetStats(targets: Record<SlaMetric, Omit<TargetStats, "metRate">>): Record<SlaMetric, TargetStats> {
  return Object.fromEntries(SLA_METRICS.map((m) => [m, { ...targets[m], metRate: ratio(targets[m].met, targets[m].met + targets[m].missed) }])) as Record<SlaMetric, TargetStats>;
}

/** The profiles met, in the configuration's order, then ids it no longer declares, then tickets without one. */
function profileFigures(config: DeskConfig, profiles: Map<string | null, ProfileTally>, lang: Lang): ProfileFigures[] {
  const declared = config.profiles.map((p) => p.id);
  const rank = (id: string | null) => (id === null ? Number.MAX_SAFE_INTEGER : declared.includes(id) ? declared.indexOf(id) : declared.length);
  return [...profiles]
    .sort(([a], [b]) => rank(a) - rank(b) || String(a).localeCompare(String(b)))
    .map(([id, tally]) => ({
      id,
      label: id === null ? texts(lang).report.noProfile : profileLabel(config, id, lang),
      created: tally.created,
      resolved: tally.resolved,
      resolve: durationStats(tally.resolveMinutes),
      sla: targetStats(tally.targets),
      satisfaction: { responses: tally.scores.length, average: mean(tally.scores) },
    }));
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
