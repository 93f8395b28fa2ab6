import { DateTime } from "luxon";
import type { DeskConfig } from "../../config/desk-config-schema";
import type { Lang } from "../knowledge/article";
import { texts } from "../messages/texts";

/** An instant as people read it in the desk's time zone: "lundi 30 novembre à 11:30", "Friday 1 January at 10:00". */
export function formatDue(config: DeskConfig, at: Date, lang: Lang): string {
  const zone = config.calendar.timezone;
  return texts(lang).dueAt(at, DateTime.fromJSDate(at, { zone }).day, zone);
}

/** A local date (YYYY-MM-DD) as people read it: "jeudi 24 décembre", "vendredi 1er janvier", "Thursday 24 December". */
export function formatDay(config: DeskConfig, isoDate: string, lang: Lang): string {
  const zone = config.calendar.timezone;
  const day = DateTime.fromISO(isoDate, { zone });
  return texts(lang).dayOf(day.toJSDate(), day.day, zone);
}

/**
 * Working time past a missed target, as people read it: whole working hours ("3 h ouvrées", "3 working hours"),
 * or minutes under an hour (at least one: a missed target is never "late by nothing").
 */
export function workingLateness(lateMs: number, lang: Lang): string {
  const minutes = Math.max(1, Math.floor(lateMs / 60_000));
  return minutes < 60 ? texts(lang).workingDuration(minutes, "m") : texts(lang).workingDuration(Math.floor(minutes / 60), "h");
}

/**
 * Working time left before a deadline, to the minute: "3 h 10 ouvrées", "3 h 10 working", "40 working minutes",
 * "3 working hours" (at least one minute: a deadline ahead is never "in nothing").
 */
export function workingTimeLeft(leftMs: number, lang: Lang): string {
  const minutes = Math.max(1, Math.floor(leftMs / 60_000));
  const t = texts(lang);
  if (minutes < 60) return t.workingDuration(minutes, "m");
  if (minutes % 60 === 0) return t.workingDuration(minutes / 60, "h");
  return t.milestone.hoursMinutes(Math.floor(minutes / 60), String(minutes % 60).padStart(2, "0"));
}
