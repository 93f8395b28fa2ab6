import { expect } from "chai";
import fc from "fast-check";
import type { BusinessCalendar } from "../../../src/core/sla/business-calendar";
import { calendar, ROUND_THE_CLOCK } from "./calendar-fixtures";

/** Calendars whose shapes stress different paths: office hours, 24/7 across DST, and a region with closures and a night slot over the DST hour. */
const CALENDARS: Array<{ name: string; calendar: BusinessCalendar }> = [
  { name: "default office hours", calendar: calendar() },
  { name: "24/7", calendar: calendar(ROUND_THE_CLOCK) },
  {
    name: "Alsace with closures and a Sunday night slot",
    calendar: calendar({
      workingHours: { mon: ["08:00-12:00", "14:00-18:00"], wed: ["09:15-11:45"], fri: ["07:00-19:00"], sun: ["01:00-04:00"] },
      holidays: { country: "FR", region: "57", exclude: ["Whit Monday"], extra: ["2027-06-04"] },
      closures: [
        { every: "12-24", until: "01-01", label: "Fin d'année" },
        { from: "2027-07-26", to: "2027-08-13", label: "Été 2027" },
      ],
    }),
  },
];

const MS_PER_MINUTE = 60_000;
/** Any millisecond of 2026 to 2028, not only whole minutes. */
const instant = fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2028, 11, 31, 23, 59, 59, 999) });
const wholeMinute = instant.map((at) => at - (at % MS_PER_MINUTE));
const minutes = fc.integer({ min: 0, max: 20_000 });
const RUNS = { numRuns: 300 };

describe("BusinessCalendar properties", () => {
  for (const { name, calendar: desk } of CALENDARS) {
    const add = (at: number, count: number) => desk.addWorkingMinutes(new Date(at), count).getTime();
    const between = (a: number, b: number) => desk.workingMinutesBetween(new Date(a), new Date(b));

    describe(name, () => {
      it("counts back exactly the minutes it added", () => {
        fc.assert(fc.property(instant, minutes, (a, m) => between(a, add(a, m)) === m), RUNS);
      });

      it("adds in steps as in one go (a second step of at least one minute)", () => {
        // A deadline that uses up a slot is the slot's end, and 0 more minutes from there is the next opening:
        // so only a step of 0 after a step that ends a slot differs, by design.
        fc.assert(
          fc.property(instant, minutes, fc.integer({ min: 1, max: 20_000 }), (a, m, n) => add(add(a, m), n) === add(a, m + n)),
          RUNS,
        );
      });

      it("never moves a deadline earlier for more minutes or a later start", () => {
        fc.assert(
          fc.property(instant, instant, minutes, minutes, (a, b, m, n) => {
            const [early, late] = a <= b ? [a, b] : [b, a];
            const [few, many] = m <= n ? [m, n] : [n, m];
            return add(early, few) <= add(early, many) && add(early, m) <= add(late, m);
          }),
          RUNS,
        );
      });

      it("ends every positive target in working time or at the closing instant of a slot", () => {
        fc.assert(
          fc.property(instant, fc.integer({ min: 1, max: 20_000 }), (a, m) => {
            const due = add(a, m);
            return desk.isWorkingTime(new Date(due)) || desk.isWorkingTime(new Date(due - 1));
          }),
          RUNS,
        );
      });

      it("gives the earliest instant: a millisecond before the deadline, the target is not yet met", () => {
        fc.assert(fc.property(instant, fc.integer({ min: 1, max: 20_000 }), (a, m) => between(a, add(a, m) - 1) < m), RUNS);
      });

      it("adds up working time over consecutive periods, exactly in milliseconds", () => {
        const betweenMs = (a: number, b: number) => desk.workingMillisecondsBetween(new Date(a), new Date(b));
        fc.assert(
          fc.property(fc.array(instant, { minLength: 3, maxLength: 3 }), (points) => {
            const [a, b, c] = [...points].sort((x, y) => x - y);
            return betweenMs(a, b) + betweenMs(b, c) === betweenMs(a, c);
          }),
          RUNS,
        );
      });

      it("adds up working minutes over consecutive periods that start on whole minutes", () => {
        fc.assert(
          fc.property(fc.array(wholeMinute, { minLength: 3, maxLength: 3 }), (points) => {
            const [a, b, c] = [...points].sort((x, y) => x - y);
            return between(a, b) + between(b, c) === between(a, c);
          }),
          RUNS,
        );
      });

      it("never counts more working time than wall-clock time, nor any when the end comes first", () => {
        fc.assert(
          fc.property(instant, instant, (a, b) => {
            const worked = between(a, b);
            return b <= a ? worked === 0 : worked >= 0 && worked <= (b - a) / MS_PER_MINUTE;
          }),
          RUNS,
        );
      });

      it("finds no working time between an instant and the next working instant", () => {
        fc.assert(
          fc.property(instant, (a) => {
            const next = desk.nextWorkingInstant(new Date(a)).getTime();
            return next >= a && desk.isWorkingTime(new Date(next)) && between(a, next) === 0 && (next === a || !desk.isWorkingTime(new Date(a)));
          }),
          RUNS,
        );
      });
    });
  }

  it("agrees with describeDay on the working minutes of every day of 2027", () => {
    // From 21:00 UTC the evening before to 21:00 UTC: the whole office day in Paris, summer or winter.
    const desk = CALENDARS[0].calendar;
    let day = new Date(Date.UTC(2027, 0, 1, 11));
    while (day.getUTCFullYear() === 2027) {
      const description = desk.describeDay(day);
      const start = new Date(`${description.date}T00:00:00+01:00`);
      const worked = desk.workingMinutesBetween(new Date(start.getTime() - 2 * 3_600_000), new Date(start.getTime() + 22 * 3_600_000));
      expect(worked, description.date).to.equal(description.status === "working" ? description.workingMinutes : 0);
      day = new Date(day.getTime() + 86_400_000);
    }
  });
});
