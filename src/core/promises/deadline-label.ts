import type { DeskConfig } from "../../config/desk-config-schema";
import type { Lang } from "../knowledge/article";
import { texts } from "../messages/texts";
import type { BusinessCalendar } from "../sla/business-calendar";
import type { SlaTicket } from "../sla/sla-clock";
import { formatDue, workingLateness } from "./date-words";
import { nearestTarget } from "./promised-date";

/**
 * The ticket's nearest target as its card and the Home page show it: the date while it is ahead, "overdue by N
 * working hours" once it is missed (never a date in the past); null when no target runs.
 */
export function deadlineLabel(config: DeskConfig, calendar: BusinessCalendar, ticket: SlaTicket, now: Date, lang: Lang): string | null {
  const target = nearestTarget(config, calendar, ticket, now);
  if (target === null) return null;
  if (target.at.getTime() < now.getTime()) return texts(lang).overdueBy(workingLateness(target.lateMs, lang));
  return formatDue(config, target.at, lang);
}
