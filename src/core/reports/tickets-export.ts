import { DateTime } from "luxon";
import { In, type EntityManager } from "typeorm";
import type { DeskConfig } from "../../config/desk-config-schema";
import { Person } from "../../store/entities/Person";
import { Ticket } from "../../store/entities/Ticket";
import type { BusinessCalendar } from "../sla/business-calendar";
import { readMetric } from "../sla/sla-clock";
import { csvRow, type CsvValue } from "./csv";
import type { ReportPeriod } from "./desk-report";

export const EXPORT_COLUMNS = [
  "id", "created_at", "kind", "category", "priority", "status", "channel", "team", "site", "level", "expert_group",
  "title", "requester", "assignee", "acknowledged_at", "taken_at", "first_answer_at", "escalated_at", "resolved_at",
  "closed_at", "working_minutes_to_take_in_charge", "working_minutes_to_first_answer", "working_minutes_to_resolve",
  "paused_working_minutes", "satisfaction",
] as const;

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
  const zone = config.calendar.timezone;
  const at = (date: Date | null) => (date ? DateTime.fromJSDate(date, { zone }).toISO({ suppressMilliseconds: true }) : null);
  let afterId = 0;
  for (;;) {
    const query = manager
      .createQueryBuilder(Ticket, "t")
      .where("t.createdAt >= :since AND t.id > :afterId", { since: period.since, afterId });
    if (period.until) query.andWhere("t.createdAt < :until", { until: period.until });
    const batch = await query.orderBy("t.id", "ASC").take(BATCH).getMany();
    if (batch.length === 0) return;
    const ids = [...new Set(batch.flatMap((t) => (t.assigneeId === null ? [t.requesterId] : [t.requesterId, t.assigneeId])))];
    const people = new Map((await manager.find(Person, { select: { id: true, displayName: true }, where: { id: In(ids) } })).map((p) => [p.id, p.displayName]));
    for (const ticket of batch) {
      const minutes = (metric: "take_in_charge" | "first_answer" | "resolve") => {
        const reading = readMetric(calendar, ticket, metric, now);
        return reading.state === "stopped" ? Math.round(reading.elapsedMs / 60_000) : null;
      };
      const row: CsvValue[] = [
        ticket.id, at(ticket.createdAt), ticket.kind, ticket.category, ticket.priority, ticket.status, ticket.channel, ticket.team,
        ticket.site, ticket.level, ticket.expertGroup, ticket.title, people.get(ticket.requesterId) ?? null,
        ticket.assigneeId === null ? null : (people.get(ticket.assigneeId) ?? null), at(ticket.acknowledgedAt), at(ticket.takenAt),
        at(ticket.firstAnswerAt), at(ticket.escalatedAt), at(ticket.resolvedAt), at(ticket.closedAt),
        minutes("take_in_charge"), minutes("first_answer"), minutes("resolve"), Math.round(ticket.pausedSeconds / 60), ticket.satisfaction,
      ];
      yield csvRow(row);
    }
    if (batch.length < BATCH) return;
    afterId = batch[batch.length - 1].id;
  }
}
