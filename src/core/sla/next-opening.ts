import { NoWorkingTimeError, type BusinessCalendar } from "./business-calendar";

/** The first working instant at or after `at` (the desk's next opening when it is closed), or null if none is ahead. */
export function nextOpening(calendar: BusinessCalendar, at: Date): Date | null {
  try {
    return calendar.nextWorkingInstant(at);
  } catch (error) {
    if (error instanceof NoWorkingTimeError) return null;
    throw error;
  }
}
