/** Days of the week in the order the configuration lists them. */
export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Working hours of one week: for each day, "HH:MM-HH:MM" ranges in the calendar's time zone. */
export type WeeklyHoursConfig = Record<Weekday, readonly string[]>;

/** A working slot within a day, in minutes since local midnight; `end` may be 1440 ("24:00"). */
export interface MinuteRange {
  start: number;
  end: number;
}

export const MINUTES_PER_DAY = 1440;
const TIME_RANGE = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/;

function minuteOfDay(hours: string, minutes: string): number | undefined {
  const [h, m] = [Number(hours), Number(minutes)];
  if (h === 24 && m === 0) return MINUTES_PER_DAY;
  return h <= 23 && m <= 59 ? h * 60 + m : undefined;
}

/**
 * Reads "HH:MM-HH:MM" ("24:00" allowed as the end of the day).
 * @returns the range, or undefined when the text is malformed or the start is not before the end.
 */
export function parseTimeRange(text: string): MinuteRange | undefined {
  const match = TIME_RANGE.exec(text);
  if (!match) return undefined;
  const start = minuteOfDay(match[1], match[2]);
  const end = minuteOfDay(match[3], match[4]);
  if (start === undefined || end === undefined || start >= end) return undefined;
  return { start, end };
}

/**
 * Finds two ranges of one day that share a minute (touching ranges, 08:00-12:00 and 12:00-14:00, do not).
 * @returns the indexes of the later-listed range and of the one it overlaps, or undefined.
 */
export function findOverlap(ranges: readonly (MinuteRange | undefined)[]): { index: number; overlapped: number } | undefined {
  for (let index = 0; index < ranges.length; index++) {
    const range = ranges[index];
    if (!range) continue;
    for (let other = 0; other < index; other++) {
      const earlier = ranges[other];
      if (earlier && range.start < earlier.end && earlier.start < range.end) return { index, overlapped: other };
    }
  }
  return undefined;
}

/** The parsed working hours of a week, sorted within each day. */
export class WeeklyHours {
  private readonly byWeekday: readonly (readonly MinuteRange[])[];

  /** @param config validated hours (see `calendarConfigSchema`); a malformed range throws. */
  constructor(config: WeeklyHoursConfig) {
    this.byWeekday = WEEKDAYS.map((day) =>
      config[day]
        .map((text) => {
          const range = parseTimeRange(text);
          if (!range) throw new RangeError(`workingHours.${day}: "${text}" is not HH:MM-HH:MM with start before end`);
          return range;
        })
        .sort((a, b) => a.start - b.start),
    );
  }

  /** Slots of a weekday, Monday = 0 … Sunday = 6, sorted by start. */
  rangesOn(weekdayIndex: number): readonly MinuteRange[] {
    return this.byWeekday[weekdayIndex];
  }

  /** Nominal working minutes of a weekday, read on the clock face (a DST day is not special here). */
  minutesOn(weekdayIndex: number): number {
    return this.byWeekday[weekdayIndex].reduce((sum, range) => sum + range.end - range.start, 0);
  }

  /**
   * Length of a normal working day: the most common non-zero daily length of the week, the longer on a tie.
   * With the default hours (08:30-12:00, 13:30-17:30 on weekdays) that is 450 minutes.
   */
  standardDayMinutes(): number {
    const counts = new Map<number, number>();
    for (let day = 0; day < WEEKDAYS.length; day++) {
      const minutes = this.minutesOn(day);
      if (minutes > 0) counts.set(minutes, (counts.get(minutes) ?? 0) + 1);
    }
    let best = 0;
    let bestCount = 0;
    for (const [minutes, count] of counts) {
      if (count > bestCount || (count === bestCount && minutes > best)) [best, bestCount] = [minutes, count];
    }
    return best;
  }
}
