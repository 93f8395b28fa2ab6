import { DateTime } from "luxon";
import type { DeskConfig } from "../../config/desk-config-schema";
import type { Lang } from "../knowledge/article";
import type { BusinessCalendar } from "../sla/business-calendar";

/** Working minutes in "30m" / "4h"; working days in "2d" (counted by the calendar). */
export function addWorkingDuration(calendar: BusinessCalendar, from: Date, duration: string): Date {
  const match = /^(\d+(?:\.\d+)?)(m|h|d)$/.exec(duration);
  if (!match) throw new Error(`not a working-time duration: "${duration}"`);
  const amount = Number(match[1]);
  if (match[2] === "d") return calendar.addWorkingDays(from, amount);
  return calendar.addWorkingMinutes(from, match[2] === "h" ? amount * 60 : amount);
}

/** An instant as people read it in the desk's time zone: "lundi 30 novembre à 11:30". */
export function formatDue(config: DeskConfig, at: Date, lang: Lang): string {
  const local = DateTime.fromJSDate(at, { zone: config.calendar.timezone }).setLocale(lang);
  return lang === "fr" ? local.toFormat("cccc d LLLL 'à' HH:mm") : local.toFormat("cccc d LLLL 'at' HH:mm");
}

/**
 * When the requester can expect an answer: the first-answer target at level 1; once experts are involved, the
 * resolution target of the priority, which is longer (the seeds ask to say so).
 */
export function expectedAnswerBy(
  config: DeskConfig,
  calendar: BusinessCalendar,
  ticket: { level: number; priority: keyof DeskConfig["sla"]["resolve"] },
  from: Date,
): Date {
  const target = ticket.level >= 2 ? config.sla.resolve[ticket.priority] : config.sla.firstAnswer;
  return addWorkingDuration(calendar, from, target);
}
