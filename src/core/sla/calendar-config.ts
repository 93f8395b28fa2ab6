import { IANAZone } from "luxon";
import { z } from "zod";
import { isIsoDate, isMonthDay } from "./civil-date";
import type { Closure } from "./closure-schedule";
import { holidayRegionProblem, isKnownHolidayName, knownHolidayNames } from "./public-holidays";
import { findOverlap, parseTimeRange, WEEKDAYS, type Weekday, type WeeklyHoursConfig } from "./weekly-hours";

const TIME_RANGE_EXPECTED = "expected HH:MM-HH:MM with start before end";
const ISO_DATE_EXPECTED = "expected a date YYYY-MM-DD";
const MONTH_DAY_EXPECTED = "expected a month-day MM-DD";

/** The seeds' office hours: 08:30-12:00 and 13:30-17:30, Monday to Friday. */
export const DEFAULT_WORKING_HOURS: Readonly<WeeklyHoursConfig> = Object.freeze({
  mon: ["08:30-12:00", "13:30-17:30"],
  tue: ["08:30-12:00", "13:30-17:30"],
  wed: ["08:30-12:00", "13:30-17:30"],
  thu: ["08:30-12:00", "13:30-17:30"],
  fri: ["08:30-12:00", "13:30-17:30"],
  sat: [],
  sun: [],
});

const isoDate = z
  .string({ error: ISO_DATE_EXPECTED })
  .refine(isIsoDate, { error: (issue) => `${ISO_DATE_EXPECTED}, got ${JSON.stringify(issue.input)}` });

const monthDay = z
  .string({ error: MONTH_DAY_EXPECTED })
  .refine(isMonthDay, { error: (issue) => `${MONTH_DAY_EXPECTED}, got ${JSON.stringify(issue.input)}` });

const timezone = z
  .string({ error: 'expected an IANA time zone such as "Europe/Paris"' })
  .refine((name) => IANAZone.isValidZone(name), {
    error: (issue) => `expected an IANA time zone such as "Europe/Paris", got ${JSON.stringify(issue.input)}`,
  })
  .default("Europe/Paris");

/** One day's slots: each well-formed, none sharing a minute with another. */
const daySlots = z
  .array(z.string({ error: TIME_RANGE_EXPECTED }).refine((text) => parseTimeRange(text) !== undefined, {
    error: (issue) => `${TIME_RANGE_EXPECTED}, got ${JSON.stringify(issue.input)}`,
  }), { error: `expected a list of ${TIME_RANGE_EXPECTED.slice("expected ".length)} ranges` })
  .superRefine((slots, ctx) => {
    const overlap = findOverlap(slots.map((text) => (typeof text === "string" ? parseTimeRange(text) : undefined)));
    if (overlap) {
      ctx.addIssue({
        code: "custom",
        path: [overlap.index],
        message: `"${slots[overlap.index]}" overlaps "${slots[overlap.overlapped]}": expected ranges that do not overlap`,
      });
    }
  })
  .default([]);

const workingHours = z
  .strictObject({ mon: daySlots, tue: daySlots, wed: daySlots, thu: daySlots, fri: daySlots, sat: daySlots, sun: daySlots })
  .superRefine((week, ctx) => {
    if (WEEKDAYS.every((day) => (week[day] ?? []).length === 0)) {
      ctx.addIssue({ code: "custom", message: "expected working hours on at least one day of the week" });
    }
  })
  // A fresh copy each time, so that no caller can change the defaults of the next one.
  .default(() => Object.fromEntries(WEEKDAYS.map((day) => [day, [...DEFAULT_WORKING_HOURS[day]]])) as Record<Weekday, string[]>);

const holidays = z
  .strictObject({
    country: z.string({ error: 'expected a country code such as "FR"' }).default("FR"),
    region: z.string({ error: 'expected a region code such as "67"' }).optional(),
    exclude: z.array(z.string({ error: "expected a holiday name or a date YYYY-MM-DD" })).default([]),
    extra: z.array(isoDate).default([]),
  })
  .superRefine((rules, ctx) => {
    const problem = holidayRegionProblem(rules.country, rules.region);
    if (problem) {
      ctx.addIssue({ code: "custom", path: [problem.field], message: problem.message });
      return;
    }
    const known = knownHolidayNames(rules.country, rules.region);
    rules.exclude.forEach((entry, index) => {
      if (typeof entry !== "string" || isIsoDate(entry) || isKnownHolidayName(known, entry)) return;
      ctx.addIssue({
        code: "custom",
        path: ["exclude", index],
        message: `expected a date YYYY-MM-DD or a holiday of ${rules.country}${rules.region ? `-${rules.region}` : ""} (${[...new Set(known.values())].join(", ")}), got ${JSON.stringify(entry)}`,
      });
    });
  })
  .default(() => ({ country: "FR", exclude: [], extra: [] }));

const label = z.string({ error: "expected a label (text)" }).trim().min(1, { error: "expected a label (text)" });

/**
 * A closure is either dated (`from`/`to`, `YYYY-MM-DD`) or yearly (`every`/`until`, `MM-DD`); one object shape
 * with a check gives clearer messages than a union, whose failures zod reports as "invalid input".
 */
const closure = z
  .strictObject({
    from: isoDate.optional(),
    to: isoDate.optional(),
    every: monthDay.optional(),
    until: monthDay.optional(),
    label,
  })
  .superRefine((value, ctx) => {
    const dated = value.from !== undefined || value.to !== undefined;
    const yearly = value.every !== undefined || value.until !== undefined;
    if (dated === yearly) {
      ctx.addIssue({ code: "custom", message: "expected either from/to (YYYY-MM-DD, one period) or every/until (MM-DD, every year)" });
      return;
    }
    const [first, last] = dated ? (["from", "to"] as const) : (["every", "until"] as const);
    const format = dated ? "a date YYYY-MM-DD" : "a month-day MM-DD";
    if (value[first] === undefined) ctx.addIssue({ code: "custom", path: [first], message: `expected ${format} (the first closed day), since ${last} is given` });
    if (value[last] === undefined) ctx.addIssue({ code: "custom", path: [last], message: `expected ${format} (the last closed day), since ${first} is given` });
    if (dated && value.from && value.to && value.to < value.from) {
      ctx.addIssue({ code: "custom", path: ["to"], message: `expected a date on or after from (${value.from}), got "${value.to}"` });
    }
  })
  .transform((value): Closure =>
    value.every !== undefined
      ? { every: value.every, until: value.until as string, label: value.label }
      : { from: value.from as string, to: value.to as string, label: value.label },
  );

/**
 * The business calendar of a desk: time zone, weekly working hours, public holidays and closures.
 * Embed it in the desk configuration; every default below is the seeds' commitment.
 */
export const calendarConfigSchema = z.strictObject({
  /** IANA zone in which working hours, holidays and closures are read. */
  timezone,
  /** Per weekday, "HH:MM-HH:MM" slots ("24:00" ends the day); a day left out has none. */
  workingHours,
  /** Public holidays from date-holidays, with the dates the desk works and its extra days off. */
  holidays,
  /** Dated or yearly closures (both ends inclusive); the desk configuration ships 24 Dec – 1 Jan. */
  closures: z.array(closure).default([]),
});

/** A parsed, valid calendar configuration (defaults filled in). */
export type CalendarConfig = z.infer<typeof calendarConfigSchema>;
/** What a configuration file may contain before defaults are applied. */
export type CalendarConfigInput = z.input<typeof calendarConfigSchema>;

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => (typeof key === "number" ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)), "");
}

/**
 * Turns zod's issues into lines for people, each naming the field: "workingHours.mon[1]: expected HH:MM-HH:MM…".
 * @param root prefix for the paths when the calendar sits inside a larger file ("sla.calendar")
 */
export function formatCalendarConfigIssues(error: z.ZodError, root = ""): string[] {
  return error.issues.map((issue) => {
    const path = formatPath([...(root ? [root] : []), ...issue.path]);
    return path ? `${path}: ${issue.message}` : issue.message;
  });
}

/** Result of reading a calendar configuration: errors are values, with a code and lines for people. */
export type CalendarConfigResult =
  | { ok: true; config: CalendarConfig }
  | { ok: false; error: { code: "invalid_calendar_config"; message: string; issues: string[] } };

/** Validates a calendar configuration and fills in its defaults. */
export function parseCalendarConfig(input: unknown): CalendarConfigResult {
  // A desk file without a calendar section gets the seeds' calendar.
  const parsed = calendarConfigSchema.safeParse(input ?? {});
  if (parsed.success) return { ok: true, config: parsed.data };
  const issues = formatCalendarConfigIssues(parsed.error);
  return { ok: false, error: { code: "invalid_calendar_config", message: `invalid calendar configuration: ${issues.join("; ")}`, issues } };
}
