import { DateTime } from "luxon";
import type { BusinessCalendar, Closure } from "../sla/business-calendar";

/** A closure as dated once for the days it covers (a yearly one for the year at hand), both dates inclusive. */
export interface DatedClosurePeriod {
  from: string;
  to: string;
  label: string;
}

/** Days looked at: a promised window is a few working days; a month covers any closure inside it. */
const MAX_DAYS = 62;

/**
 * The first closure of the desk (000: « en période de fermeture … ces délais peuvent être allongés ») that falls
 * between two instants, with its own first and last dates; null when the window has none.
 */
export function closureWithin(calendar: BusinessCalendar, from: Date, to: Date): DatedClosurePeriod | null {
  let day = DateTime.fromJSDate(from, { zone: calendar.timezone }).startOf("day");
  const last = DateTime.fromJSDate(to, { zone: calendar.timezone }).startOf("day");
  for (let i = 0; i < MAX_DAYS && day <= last; i++, day = day.plus({ days: 1 })) {
    const described = calendar.describeDay(day.toJSDate());
    if (described.status === "closure") return datedPeriod(described.closure, described.date);
  }
  return null;
}

function datedPeriod(closure: Closure, isoDate: string): DatedClosurePeriod {
  if ("from" in closure) return { from: closure.from, to: closure.to, label: closure.label };
  const year = Number(isoDate.slice(0, 4));
  if (closure.every <= closure.until) return { from: `${year}-${closure.every}`, to: `${year}-${closure.until}`, label: closure.label };
  // A yearly closure across the new year: the date found is in its December part or in its January part.
  const startYear = isoDate.slice(5) >= closure.every ? year : year - 1;
  return { from: `${startYear}-${closure.every}`, to: `${startYear + 1}-${closure.until}`, label: closure.label };
}
