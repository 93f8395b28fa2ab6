import { DateTime } from "luxon";

/**
 * A date given on the command line, in the desk's time zone: "2026-11-16" is that day's midnight (or, as an end,
 * the next midnight, so that `--until 2026-11-22` counts the 22nd); "2026-11-16T08:00" is that wall-clock time;
 * a timestamp with an offset or Z is taken as it is. Null when it is not a date.
 */
export function parseCommandDate(value: string, timezone: string, end: boolean): Date | null {
  const text = value.trim();
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(text);
  const parsed = DateTime.fromISO(text, { zone: timezone });
  if (!parsed.isValid) return null;
  return (dateOnly && end ? parsed.plus({ days: 1 }) : parsed).toJSDate();
}
