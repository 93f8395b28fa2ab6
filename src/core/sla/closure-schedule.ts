/** A closure on fixed dates, both inclusive; it may cross the year end (from 2026-12-24 to 2027-01-01). */
export interface DatedClosure {
  from: string;
  to: string;
  label: string;
}

/** A closure that comes back every year, month-days inclusive; `until` before `every` crosses the year end. */
export interface YearlyClosure {
  every: string;
  until: string;
  label: string;
}

export type Closure = DatedClosure | YearlyClosure;

function isYearly(closure: Closure): closure is YearlyClosure {
  return "every" in closure;
}

/** Answers whether the desk is closed on a date because of a declared closure. */
export class ClosureSchedule {
  constructor(private readonly closures: readonly Closure[]) {}

  /**
   * @param isoDate a local date `YYYY-MM-DD`
   * @returns the first closure covering it, or undefined
   */
  closureOn(isoDate: string): Closure | undefined {
    const monthDay = isoDate.slice(5);
    return this.closures.find((closure) => {
      // ISO dates and month-days compare correctly as strings.
      if (!isYearly(closure)) return closure.from <= isoDate && isoDate <= closure.to;
      return closure.every <= closure.until
        ? closure.every <= monthDay && monthDay <= closure.until
        : monthDay >= closure.every || monthDay <= closure.until;
    });
  }
}
