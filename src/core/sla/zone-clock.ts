import { IANAZone } from "luxon";
import { MS_PER_DAY, MS_PER_MINUTE } from "./civil-date";

/**
 * Converts between instants and wall-clock readings in one IANA time zone.
 *
 * Luxon resolves a wall time that does not exist (the spring-forward gap) by moving it later by the gap and
 * picks the later of two readings at fall-back. Working hours need a rule that keeps a day's slots in order
 * and never makes them longer than written, so this clock maps a wall time to the first instant at which the
 * wall clock reads that time or later: a slot edge inside the gap falls on the moment the clocks jump, and an
 * ambiguous edge on its first occurrence.
 */
export class ZoneClock {
  private readonly zone: IANAZone;
  private readonly midnightOffsets = new Map<number, number>();

  /** @param timezone an IANA zone name, already validated (see `calendarConfigSchema`). */
  constructor(timezone: string) {
    this.zone = IANAZone.create(timezone);
    if (!this.zone.isValid) throw new RangeError(`unknown time zone "${timezone}"`);
  }

  /** Offset from UTC, in minutes, in force at `instantMs`. */
  offsetMinutes(instantMs: number): number {
    return this.zone.offset(instantMs);
  }

  /** The wall-millisecond reading of the clock at `instantMs`. */
  wallOf(instantMs: number): number {
    return instantMs + this.offsetMinutes(instantMs) * MS_PER_MINUTE;
  }

  /** The first instant at which the wall clock reads `wallMs` or later. */
  instantOfWall(wallMs: number): number {
    // The instant lies within 14 h of the wall reading, so between the UTC midnights a day before and two days
    // after it. Zones change offset at most once in three days: equal offsets at both ends mean no change.
    const day = Math.floor(wallMs / MS_PER_DAY);
    const offsetBefore = this.offsetAtUtcMidnight(day - 1);
    const offsetAfter = this.offsetAtUtcMidnight(day + 2);
    if (offsetBefore === offsetAfter) return wallMs - offsetBefore * MS_PER_MINUTE;
    let first: number | undefined;
    for (const offset of [offsetBefore, offsetAfter]) {
      const instant = wallMs - offset * MS_PER_MINUTE;
      if (this.offsetMinutes(instant) === offset && (first === undefined || instant < first)) first = instant;
    }
    return first ?? this.transitionBetween(wallMs - offsetAfter * MS_PER_MINUTE, wallMs - offsetBefore * MS_PER_MINUTE, offsetAfter);
  }

  /** Offsets at UTC midnights, memoized: laying out a year asks for each about four times, and luxon's lookup is slow. */
  private offsetAtUtcMidnight(utcDay: number): number {
    let offset = this.midnightOffsets.get(utcDay);
    if (offset === undefined) {
      offset = this.offsetMinutes(utcDay * MS_PER_DAY);
      this.midnightOffsets.set(utcDay, offset);
    }
    return offset;
  }

  /** First instant in [low, high] at which `offsetAfter` is in force (the moment the clocks jumped). */
  private transitionBetween(low: number, high: number, offsetAfter: number): number {
    while (low < high) {
      const middle = Math.floor((low + high) / 2);
      if (this.offsetMinutes(middle) === offsetAfter) high = middle;
      else low = middle + 1;
    }
    return low;
  }
}
