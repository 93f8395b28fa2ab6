/**
 * Civil (wall-calendar) dates as plain strings and "wall milliseconds".
 *
 * A wall millisecond count is the local date and time read as if it were UTC: it lets the calendar walk days
 * and add minutes of the day with plain integer arithmetic, and leaves time zones to `ZoneClock` alone.
 */

export const MS_PER_MINUTE = 60_000;
export const MS_PER_DAY = 86_400_000;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_DAY = /^(\d{2})-(\d{2})$/;

/** Days in each month of a leap year: a yearly "02-29" is a valid month-day even though most years lack it. */
const LEAP_YEAR_MONTH_LENGTHS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** True when `text` is a real calendar date written `YYYY-MM-DD` (so "2026-02-30" is rejected). */
export function isIsoDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  return probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
}

/** True when `text` is a month and day written `MM-DD` that exists in some year ("02-29" included). */
export function isMonthDay(text: string): boolean {
  const match = MONTH_DAY.exec(text);
  if (!match) return false;
  const [month, day] = [Number(match[1]), Number(match[2])];
  return month >= 1 && month <= 12 && day >= 1 && day <= LEAP_YEAR_MONTH_LENGTHS[month - 1];
}

/** The `YYYY-MM-DD` of a wall-millisecond count (its calendar date). */
export function isoDateOfWall(wallMs: number): string {
  return new Date(wallMs).toISOString().slice(0, 10);
}

/** Wall milliseconds of 00:00 on 1 January of `year`. */
export function wallStartOfYear(year: number): number {
  return Date.UTC(year, 0, 1);
}

/** Index of the weekday of a wall-millisecond count, Monday = 0 … Sunday = 6 (the order of the configuration). */
export function weekdayIndexOfWall(wallMs: number): number {
  return (new Date(wallMs).getUTCDay() + 6) % 7;
}
