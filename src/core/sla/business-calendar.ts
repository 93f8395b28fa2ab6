import { isoDateOfWall, MS_PER_DAY, MS_PER_MINUTE, weekdayIndexOfWall } from "./civil-date";
import type { CalendarConfig } from "./calendar-config";
import { ClosureSchedule, type Closure } from "./closure-schedule";
import { PublicHolidayCalendar, type PublicHoliday } from "./public-holidays";
import { WeeklyHours, type MinuteRange } from "./weekly-hours";
import { WorkingTimeline } from "./working-timeline";
import { ZoneClock } from "./zone-clock";

export { calendarConfigSchema, formatCalendarConfigIssues, parseCalendarConfig } from "./calendar-config";
export type { CalendarConfig, CalendarConfigInput, CalendarConfigResult } from "./calendar-config";
export type { Closure, DatedClosure, YearlyClosure } from "./closure-schedule";
export type { PublicHoliday } from "./public-holidays";
export { NoWorkingTimeError } from "./working-timeline";

/** Why a local date is or is not a working day, for reports and messages to requesters. */
export type DayDescription =
  | { date: string; status: "working"; workingMinutes: number }
  | { date: string; status: "holiday"; holiday: PublicHoliday }
  | { date: string; status: "closure"; closure: Closure }
  | { date: string; status: "no-hours" };

const NO_SLOTS: readonly MinuteRange[] = [];

function instantOf(date: Date, name: string): number {
  const instant = date.getTime();
  if (!Number.isFinite(instant)) throw new RangeError(`${name} is not a valid date`);
  return instant;
}

function nonNegative(value: number, name: string): number {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a finite number ≥ 0, got ${value}`);
  return value;
}

/**
 * Working time of a desk: SLA clocks run only inside it. Instants are JS `Date`s (UTC); hours, holidays and
 * closures are read on the wall clock of the calendar's zone. Durations are exact to the millisecond and
 * exposed in minutes (fractions when instants are not on whole minutes).
 *
 * Each local year is laid out once into sorted working intervals with running totals, so that every query is
 * a binary search: 100 000 deadlines cost no more than a few hundred milliseconds.
 */
export class BusinessCalendar {
  /** IANA zone of the wall clock. */
  readonly timezone: string;
  private readonly hours: WeeklyHours;
  private readonly holidays: PublicHolidayCalendar;
  private readonly closures: ClosureSchedule;
  private readonly clock: ZoneClock;
  private readonly timeline: WorkingTimeline;

  /** @param config a configuration parsed by `calendarConfigSchema` (or `parseCalendarConfig`) */
  constructor(config: CalendarConfig) {
    this.timezone = config.timezone;
    this.clock = new ZoneClock(config.timezone);
    this.hours = new WeeklyHours(config.workingHours);
    this.holidays = new PublicHolidayCalendar(config.holidays);
    this.closures = new ClosureSchedule(config.closures);
    this.timeline = new WorkingTimeline(this.clock, (wallDay) => this.slotsOn(wallDay));
  }

  /** True when `at` falls inside a working slot (a slot's closing instant does not). */
  isWorkingTime(at: Date): boolean {
    return this.timeline.isWorking(instantOf(at, "at"));
  }

  /** True when the local date of `date` has working hours and is neither a holiday nor closed. */
  isWorkingDay(date: Date): boolean {
    return this.describeDay(date).status === "working";
  }

  /** What the local date of `date` is: a working day (and its nominal minutes), a holiday, a closure or a day without hours. */
  describeDay(date: Date): DayDescription {
    const wall = this.clock.wallOf(instantOf(date, "date"));
    const wallDay = wall - (((wall % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY);
    const isoDate = isoDateOfWall(wallDay);
    const holiday = this.holidays.holidayOn(isoDate);
    if (holiday) return { date: isoDate, status: "holiday", holiday };
    const closure = this.closures.closureOn(isoDate);
    if (closure) return { date: isoDate, status: "closure", closure };
    const workingMinutes = this.hours.minutesOn(weekdayIndexOfWall(wallDay));
    return workingMinutes > 0 ? { date: isoDate, status: "working", workingMinutes } : { date: isoDate, status: "no-hours" };
  }

  /** `at` itself when it is working time, otherwise the next opening. */
  nextWorkingInstant(at: Date): Date {
    return new Date(this.timeline.nextWorking(instantOf(at, "at")));
  }

  /**
   * The instant at which `minutes` of working time have elapsed since `from`; outside working time the count
   * starts at the next opening. A deadline that uses up a slot exactly is the slot's closing instant (Friday
   * 17:30 rather than Monday 08:30), as GLPI and Zammad show it. 0 minutes gives `nextWorkingInstant(from)`.
   * @throws RangeError for a negative or non-finite count; NoWorkingTimeError when no working time is ahead
   */
  addWorkingMinutes(from: Date, minutes: number): Date {
    const workedMs = Math.round(nonNegative(minutes, "minutes") * MS_PER_MINUTE);
    return new Date(this.timeline.addWorked(instantOf(from, "from"), workedMs));
  }

  /**
   * Adds working days as working time: N days = N × `standardDayMinutes` (450 min with the default hours), so
   * "2 working days" from Tuesday 15:00 is Thursday 15:00 and holidays and closures are skipped like any other
   * non-working time. GLPI's day mode instead steps over N working dates and keeps the clock time (capped at
   * the day's closing); both agree for a request made in working time on a week of equal days. Fractions of
   * a day are allowed.
   */
  addWorkingDays(from: Date, days: number): Date {
    return this.addWorkingMinutes(from, nonNegative(days, "days") * this.standardDayMinutes);
  }

  /**
   * Working minutes in [a, b); 0 when b is not after a. Exact for instants on whole minutes; otherwise a
   * fraction whose sums may differ from the whole in the last bit: add `workingMillisecondsBetween` instead.
   */
  workingMinutesBetween(a: Date, b: Date): number {
    return this.workingMillisecondsBetween(a, b) / MS_PER_MINUTE;
  }

  /** Working milliseconds in [a, b), an exact integer: the unit to store and add up elapsed SLA time in. */
  workingMillisecondsBetween(a: Date, b: Date): number {
    return this.timeline.workedBetween(instantOf(a, "a"), instantOf(b, "b"));
  }

  /** Length of a normal working day in minutes: the most common daily length of the week (450 by default). */
  get standardDayMinutes(): number {
    return this.hours.standardDayMinutes();
  }

  /** Public holidays (after exclusions, with extra days) whose local date lies between those of `from` and `to`, inclusive. */
  holidaysBetween(from: Date, to: Date): PublicHoliday[] {
    const first = isoDateOfWall(this.clock.wallOf(instantOf(from, "from")));
    const last = isoDateOfWall(this.clock.wallOf(instantOf(to, "to")));
    const holidays: PublicHoliday[] = [];
    for (let year = Number(first.slice(0, 4)); year <= Number(last.slice(0, 4)); year++) {
      holidays.push(...this.holidays.holidaysIn(year).filter((holiday) => first <= holiday.date && holiday.date <= last));
    }
    return holidays;
  }

  private slotsOn(wallDay: number): readonly MinuteRange[] {
    const isoDate = isoDateOfWall(wallDay);
    if (this.holidays.holidayOn(isoDate) || this.closures.closureOn(isoDate)) return NO_SLOTS;
    return this.hours.rangesOn(weekdayIndexOfWall(wallDay));
  }
}
