import { DateTime } from "luxon";
import { BusinessCalendar, parseCalendarConfig, type CalendarConfig } from "../../../src/core/sla/business-calendar";

export const PARIS = "Europe/Paris";

/** The instant at which Paris wall clocks read `local` ("2026-11-13T17:00"). */
export function paris(local: string): Date {
  const time = DateTime.fromISO(local, { zone: PARIS });
  if (!time.isValid) throw new Error(`bad test time ${local}: ${time.invalidExplanation}`);
  return time.toJSDate();
}

/** Paris wall-clock reading of an instant, with its offset, so a failed expectation reads like a timetable. */
export function inParis(at: Date): string {
  return DateTime.fromJSDate(at, { zone: PARIS }).toFormat("ccc yyyy-MM-dd HH:mm ZZ");
}

/** Parses a configuration that the test expects to be valid. */
export function validConfig(input: unknown): CalendarConfig {
  const result = parseCalendarConfig(input);
  if (!result.ok) throw new Error(result.error.message);
  return result.config;
}

/** A calendar built from configuration input, defaults filled in. */
export function calendar(input: unknown = {}): BusinessCalendar {
  return new BusinessCalendar(validConfig(input));
}

const ALL_DAY = ["00:00-24:00"];
/** A desk open around the clock, every day of the year. */
export const ROUND_THE_CLOCK = {
  workingHours: { mon: ALL_DAY, tue: ALL_DAY, wed: ALL_DAY, thu: ALL_DAY, fri: ALL_DAY, sat: ALL_DAY, sun: ALL_DAY },
  holidays: { country: "FR", exclude: ["Nouvel An", "Lundi de Pâques", "Fête du travail", "Fête de la Victoire 1945", "Ascension", "Lundi de Pentecôte", "Fête Nationale de la France", "Assomption", "Toussaint", "Armistice 1918", "Noël"] },
};
