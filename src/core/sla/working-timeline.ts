import { MS_PER_DAY, MS_PER_MINUTE, wallStartOfYear } from "./civil-date";
import type { MinuteRange } from "./weekly-hours";
import type { ZoneClock } from "./zone-clock";

/** How many years without any working time end a search instead of looping forever. */
const MAX_EMPTY_YEARS = 10;

/** Thrown when a calendar has no working time for years on end (every day closed), so no deadline exists. */
export class NoWorkingTimeError extends Error {
  readonly code = "no_working_time";
  constructor(fromYear: number) {
    super(`the calendar has no working time in the ${MAX_EMPTY_YEARS} years from ${fromYear}: check its hours and closures`);
    this.name = "NoWorkingTimeError";
  }
}

/** Years whose dates are written with four digits, the only ones ISO dates and `Date.UTC` agree on. */
const SUPPORTED_YEARS = { from: 1000, to: 9999 };

/** The wall-clock slots open on a calendar date (given as the wall milliseconds of its midnight); empty if closed. */
export type OpeningsOfDay = (wallDayStart: number) => readonly MinuteRange[];

/**
 * The working time of one local year as sorted, disjoint instants [start, end), with the working
 * milliseconds accumulated up to each end: any position or deadline is then a binary search.
 */
interface YearTimeline {
  starts: Float64Array;
  ends: Float64Array;
  workedAtEnd: Float64Array;
  total: number;
}

/** Index of the last element ≤ value, or -1. */
function lastAtOrBefore(sorted: Float64Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle] <= value) low = middle + 1;
    else high = middle;
  }
  return low - 1;
}

/** Index of the first element ≥ value (length if none). */
function firstAtLeast(sorted: Float64Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle] < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Working-time arithmetic over instants in milliseconds. Each local year is laid out once (a walk over its
 * days) and cached; every query is then a binary search inside a year plus, for long spans, a step per year.
 */
export class WorkingTimeline {
  private readonly years = new Map<number, YearTimeline>();
  private readonly yearStarts = new Map<number, number>();

  constructor(
    private readonly clock: ZoneClock,
    private readonly openingsOn: OpeningsOfDay,
  ) {}

  /** True when `instant` lies inside a working slot (a slot's end is outside it). */
  isWorking(instant: number): boolean {
    const year = this.timeline(this.yearOf(instant));
    const index = lastAtOrBefore(year.starts, instant);
    return index >= 0 && instant < year.ends[index];
  }

  /** `instant` itself when working, otherwise the next opening. */
  nextWorking(instant: number): number {
    let year = this.yearOf(instant);
    const timeline = this.timeline(year);
    const index = lastAtOrBefore(timeline.starts, instant);
    if (index >= 0 && instant < timeline.ends[index]) return instant;
    if (index + 1 < timeline.starts.length) return timeline.starts[index + 1];
    for (let emptyYears = 0; emptyYears < MAX_EMPTY_YEARS; emptyYears++) {
      year += 1;
      const following = this.timeline(year);
      if (following.starts.length > 0) return following.starts[0];
    }
    throw new NoWorkingTimeError(year - MAX_EMPTY_YEARS + 1);
  }

  /** Working milliseconds in [from, to); 0 when `to` is not after `from`. */
  workedBetween(from: number, to: number): number {
    if (to <= from) return 0;
    const fromYear = this.yearOf(from);
    const toYear = this.yearOf(to);
    if (fromYear === toYear) return this.workedInYearBefore(fromYear, to) - this.workedInYearBefore(fromYear, from);
    let worked = this.timeline(fromYear).total - this.workedInYearBefore(fromYear, from);
    for (let year = fromYear + 1; year < toYear; year++) worked += this.timeline(year).total;
    return worked + this.workedInYearBefore(toYear, to);
  }

  /**
   * The instant at which `workedMs` of working time have elapsed since `from`. A deadline that uses up a slot
   * exactly is that slot's end (Friday 17:30, not Monday's opening); 0 ms gives the next working instant.
   */
  addWorked(from: number, workedMs: number): number {
    if (workedMs <= 0) return this.nextWorking(from);
    let year = this.yearOf(from);
    // Counted from the start of `year`: the working time already behind `from` plus what is to be added.
    let target = this.workedInYearBefore(year, from) + workedMs;
    let emptyYears = 0;
    for (;;) {
      const timeline = this.timeline(year);
      if (target <= timeline.total) {
        const index = firstAtLeast(timeline.workedAtEnd, target);
        return timeline.ends[index] - (timeline.workedAtEnd[index] - target);
      }
      emptyYears = timeline.total === 0 ? emptyYears + 1 : 0;
      if (emptyYears >= MAX_EMPTY_YEARS) throw new NoWorkingTimeError(year - MAX_EMPTY_YEARS + 1);
      target -= timeline.total;
      year += 1;
    }
  }

  private workedInYearBefore(year: number, instant: number): number {
    const timeline = this.timeline(year);
    const index = lastAtOrBefore(timeline.starts, instant);
    if (index < 0) return 0;
    return timeline.workedAtEnd[index] - Math.max(0, timeline.ends[index] - instant);
  }

  /** The local year an instant falls in (offsets are under a day, so the UTC year is at most one off). */
  private yearOf(instant: number): number {
    if (!Number.isFinite(instant)) throw new RangeError("invalid date");
    let year = new Date(instant).getUTCFullYear();
    if (instant < this.yearStart(year)) year -= 1;
    else if (instant >= this.yearStart(year + 1)) year += 1;
    return year;
  }

  private yearStart(year: number): number {
    let start = this.yearStarts.get(year);
    if (start === undefined) {
      start = this.clock.instantOfWall(wallStartOfYear(year));
      this.yearStarts.set(year, start);
    }
    return start;
  }

  private timeline(year: number): YearTimeline {
    let timeline = this.years.get(year);
    if (!timeline) {
      timeline = this.layOutYear(year);
      this.years.set(year, timeline);
    }
    return timeline;
  }

  private layOutYear(year: number): YearTimeline {
    if (year < SUPPORTED_YEARS.from || year > SUPPORTED_YEARS.to) {
      throw new RangeError(`year ${year} is outside the supported years ${SUPPORTED_YEARS.from}–${SUPPORTED_YEARS.to}`);
    }
    const starts: number[] = [];
    const ends: number[] = [];
    const yearEnd = wallStartOfYear(year + 1);
    for (let wallDay = wallStartOfYear(year); wallDay < yearEnd; wallDay += MS_PER_DAY) {
      for (const range of this.openingsOn(wallDay)) {
        const start = this.clock.instantOfWall(wallDay + range.start * MS_PER_MINUTE);
        const end = this.clock.instantOfWall(wallDay + range.end * MS_PER_MINUTE);
        if (end <= start) continue; // a slot wholly inside the spring-forward gap holds no time that day
        const last = ends.length - 1;
        // Touching slots (a 24/7 desk's midnight) become one, so "end of a slot" means a real closing.
        if (last >= 0 && start <= ends[last]) ends[last] = Math.max(ends[last], end);
        else {
          starts.push(start);
          ends.push(end);
        }
      }
    }
    const workedAtEnd = new Float64Array(starts.length);
    let total = 0;
    for (let index = 0; index < starts.length; index++) {
      total += ends[index] - starts[index];
      workedAtEnd[index] = total;
    }
    return { starts: Float64Array.from(starts), ends: Float64Array.from(ends), workedAtEnd, total };
  }
}
