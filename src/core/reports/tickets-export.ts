import { DateTime } from "luxon";
import { In, type EntityManager, type SelectQueryBuilder } from "typeorm";
import type { DeskConfig } from "../../config/desk-config-schema";
import { Person } from "../../store/entities/Person";
import { Ticket } from "../../store/entities/Ticket";
import type { BusinessCalendar } from "../sla/business-calendar";
import { readMetric } from "../sla/sla-clock";
import { csvRow, type CsvValue } from "./csv";
import type { ReportPeriod } from "./desk-report";
import { openTicketsAt } from "./open-tickets";

export const EXPORT_COLUMNS = [
  "id", "created_at", "kind", "category", "priority", "status", "channel", "team", "site", "level", "expert_group",
  "title", "requester", "assignee", "acknowledged_at", "taken_at", "first_answer_at", "escalated_at", "resolved_at",
  "closed_at", "working_minutes_to_take_in_charge", "working_minutes_to_first_answer", "working_minutes_to_resolve",
  "paused_working_minutes", "satisfaction", "profile", "blocking",
] as const;

/** The extraction of tickets open at a date: how old each was then, and what it was doing, before the usual columns. */
export const OPEN_EXPORT_COLUMNS = ["open_at", "status_at_date", "age_days", "age_working_days", ...EXPORT_COLUMNS] as const;

const BATCH = 1000;

/**
 * The tickets opened in a period as CSV lines (header first), for review meetings: one ticket a row, its dates in
 * the desk's time zone, its working times as the SLA engine counts them. Generated in batches, so an export of a
 * year does not hold a year of tickets in memory.
 */
export async function* exportTicketsCsv(
  manager: EntityManager,
  config: DeskConfig,
  calendar: BusinessCalendar,
  period: Partial<ReportPeriod> & { since: Date },
  now: Date,
): AsyncGenerator<string> {
  yield csvRow([...EXPORT_COLUMNS]);
  const rows = new TicketRows(config, calendar, now);
  for await (const batch of batches(manager, (query) => {
    query.andWhere("t.createdAt >= :since", { since: period.since });
    if (period.until) query.andWhere("t.createdAt < :until", { until: period.until });
  })) {
    const people = await names(manager, batch);
    for (const ticket of batch) yield csvRow(rows.of(ticket, people));
  }
}

/**
 * The tickets open at an instant (seed 000's review meetings: « suivi des anciens tickets, notamment des tickets
 * bloquants »), oldest first, with their age then in days and in working days and their status then, read from the
 * audit log (a ticket resolved and reopened since counts as it was). The blocking tag is as it is now.
 */
export async function* exportOpenTicketsCsv(
  manager: EntityManager,
  config: DeskConfig,
  calendar: BusinessCalendar,
  at: Date,
  now: Date,
): AsyncGenerator<string> {
  yield csvRow([...OPEN_EXPORT_COLUMNS]);
  const rows = new TicketRows(config, calendar, now);
  const dayMs = calendar.standardDayMinutes * 60_000;
  for await (const open of openTicketsAt(manager, at)) {
    const people = await names(manager, open.map((o) => o.ticket));
    for (const { ticket, status } of open) {
      const ageDays = (at.getTime() - ticket.createdAt.getTime()) / 86_400_000;
      const workingDays = calendar.workingMillisecondsBetween(ticket.createdAt, at) / dayMs;
      yield csvRow([rows.date(at), status, round1(ageDays), round1(workingDays), ...rows.of(ticket, people)]);
    }
  }
}

/** One row of EXPORT_COLUMNS per ticket. */
class TicketRows {
  private readonly zone: string;

  constructor(
    config: DeskConfig,
    private readonly calendar: BusinessCalendar,
    private readonly now: Date,
  ) {
    this.zone = config.calendar.timezone;
  }

  date(date: Date | null): string | null {
    return date ? DateTime.fromJSDate(date, { zone: this.zone }).toISO({ suppressMilliseconds: true }) : null;
  }

  of(ticket: Ticket, people: Map<number, string>): CsvValue[] {
    const minutes = (metric: "take_in_charge" | "first_answer" | "resolve") => {
      const reading = readMetric(this.calendar, ticket, metric, this.now);
      return reading.state === "stopped" ? Math.round(reading.elapsedMs / 60_000) : null;
    };
    const at = (date: Date | null) => this.date(date);
    return [
      ticket.id, at(ticket.createdAt), ticket.kind, ticket.category, ticket.priority, ticket.status, ticket.channel, ticket.team,
      ticket.site, ticket.level, ticket.expertGroup, ticket.title, people.get(ticket.requesterId) ?? null,
      ticket.assigneeId === null ? null : (people.get(ticket.assigneeId) ?? null), at(ticket.acknowledgedAt), at(ticket.takenAt),
      at(ticket.firstAnswerAt), at(ticket.escalatedAt), at(ticket.resolvedAt), at(ticket.closedAt),
      minutes("take_in_charge"), minutes("first_answer"), minutes("resolve"), Math.round(ticket.pausedSeconds / 60), ticket.satisfaction,
      ticket.profile, ticket.blocking ? 1 : 0,
    ];
  }
}

/** The tickets matching `where`, by id, a batch at a time. */
async function* batches(manager: EntityManager, where: (query: SelectQueryBuilder<Ticket>) => void): AsyncGenerator<Ticket[]> {
  let afterId = 0;
  for (;;) {
    const query = manager.createQueryBuilder(Ticket, "t").where("t.id > :afterId", { afterId });
    where(query);
    const batch = await query.orderBy("t.id", "ASC").take(BATCH).getMany();
    if (batch.length === 0) return;
    yield batch;
    if (batch.length < BATCH) return;
    afterId = batch[batch.length - 1].id;
  }
}

/** Names of the requesters and assignees of a batch. */
async function names(manager: EntityManager, tickets: Ticket[]): Promise<Map<number, string>> {
  const ids = [...new Set(tickets.flatMap((t) => (t.assigneeId === null ? [t.requesterId] : [t.requesterId, t.assigneeId])))];
  if (ids.length === 0) return new Map();
  return new Map((await manager.find(Person, { select: { id: true, displayName: true }, where: { id: In(ids) } })).map((p) => [p.id, p.displayName]));
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
