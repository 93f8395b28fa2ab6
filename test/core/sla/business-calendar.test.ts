import { expect } from "chai";
import { NoWorkingTimeError } from "../../../src/core/sla/business-calendar";
import { calendar, inParis, paris, ROUND_THE_CLOCK } from "./calendar-fixtures";

describe("BusinessCalendar", () => {
  const office = calendar();

  describe("working-hour targets", () => {
    it("makes a request on Friday 17:00 with a 4-working-hour target due on Monday 12:00 (30 min on Friday, 3 h 30 on Monday morning)", () => {
      expect(inParis(office.addWorkingMinutes(paris("2026-11-13T17:00"), 240))).to.equal("Mon 2026-11-16 12:00 +01:00");
      expect(inParis(office.addWorkingMinutes(paris("2027-02-05T17:00"), 240))).to.equal("Mon 2027-02-08 12:00 +01:00");
    });

    it("skips the lunch break: Friday 17:00 plus 4 h 30 is Monday 14:00", () => {
      expect(inParis(office.addWorkingMinutes(paris("2026-11-13T17:00"), 270))).to.equal("Mon 2026-11-16 14:00 +01:00");
    });

    it("resumes after lunch when a morning runs out: Tuesday 11:00 plus 2 hours is 14:30", () => {
      expect(inParis(office.addWorkingMinutes(paris("2026-11-17T11:00"), 120))).to.equal("Tue 2026-11-17 14:30 +01:00");
    });

    it("gives the closing instant, not the next opening, when a target uses up a slot exactly", () => {
      expect(inParis(office.addWorkingMinutes(paris("2026-11-17T10:00"), 120))).to.equal("Tue 2026-11-17 12:00 +01:00");
      expect(inParis(office.addWorkingMinutes(paris("2026-11-20T16:30"), 60))).to.equal("Fri 2026-11-20 17:30 +01:00");
    });

    it("starts the count at the next opening for a request made at night", () => {
      expect(inParis(office.addWorkingMinutes(paris("2026-11-17T22:15"), 30))).to.equal("Wed 2026-11-18 09:00 +01:00");
    });

    it("returns the next opening for 0 minutes, and the instant itself when it is working time", () => {
      expect(inParis(office.addWorkingMinutes(paris("2026-11-17T12:10"), 0))).to.equal("Tue 2026-11-17 13:30 +01:00");
      expect(office.addWorkingMinutes(paris("2026-11-17T09:10"), 0).getTime()).to.equal(paris("2026-11-17T09:10").getTime());
    });

    it("counts 2 working days as 2 standard days of 7 h 30: Tuesday 15:00 is due on Thursday 15:00", () => {
      expect(office.standardDayMinutes).to.equal(450);
      expect(inParis(office.addWorkingDays(paris("2026-11-17T15:00"), 2))).to.equal("Thu 2026-11-19 15:00 +01:00");
    });

    it("stays to the minute over months: 20 000 working minutes from Monday 5 January 2026 08:30 end on Friday 6 March at 11:50", () => {
      // 20 000 min = 44 days of 450 min + 200 min. No holiday falls in between: 44 working days from Monday
      // 5 January end on Thursday 5 March at 17:30, and 200 more minutes are Friday 6 March 08:30 + 3 h 20.
      expect(inParis(office.addWorkingMinutes(paris("2026-01-05T08:30"), 20_000))).to.equal("Fri 2026-03-06 11:50 +01:00");
      expect(office.workingMinutesBetween(paris("2026-01-05T08:30"), paris("2026-03-06T11:50"))).to.equal(20_000);
    });

    it("refuses a negative number of minutes", () => {
      expect(() => office.addWorkingMinutes(paris("2026-11-17T10:00"), -1)).to.throw(RangeError);
      expect(() => office.addWorkingMinutes(new Date(Number.NaN), 10)).to.throw(RangeError);
    });
  });

  describe("counting working time", () => {
    it("counts 7 h 30 in a whole office day and nothing over a weekend", () => {
      expect(office.workingMinutesBetween(paris("2026-11-17T00:00"), paris("2026-11-18T00:00"))).to.equal(450);
      expect(office.workingMinutesBetween(paris("2026-11-14T00:00"), paris("2026-11-16T00:00"))).to.equal(0);
    });

    it("gives 0 when the end is not after the start", () => {
      expect(office.workingMinutesBetween(paris("2026-11-17T11:00"), paris("2026-11-17T10:00"))).to.equal(0);
    });

    it("keeps fractions of a minute when instants are not on whole minutes", () => {
      const start = new Date(paris("2026-11-17T10:00").getTime() + 30_000);
      expect(office.workingMinutesBetween(start, paris("2026-11-17T10:02"))).to.equal(1.5);
    });
  });

  describe("working time and working days", () => {
    it("is open at 08:30 and closed at 12:00 sharp, at lunch and at 17:30", () => {
      expect(office.isWorkingTime(paris("2026-11-17T08:30"))).to.equal(true);
      expect(office.isWorkingTime(paris("2026-11-17T08:29"))).to.equal(false);
      expect(office.isWorkingTime(paris("2026-11-17T12:00"))).to.equal(false);
      expect(office.isWorkingTime(paris("2026-11-17T13:00"))).to.equal(false);
      expect(office.isWorkingTime(paris("2026-11-17T17:30"))).to.equal(false);
    });

    it("treats weekends as days without hours", () => {
      expect(office.isWorkingDay(paris("2026-11-21T10:00"))).to.equal(false);
      expect(office.describeDay(paris("2026-11-21T10:00"))).to.deep.equal({ date: "2026-11-21", status: "no-hours" });
    });

    it("reads the working day on the Paris calendar, not the UTC one", () => {
      // 23:30 UTC on Sunday is already Monday 00:30 in Paris.
      expect(office.isWorkingDay(new Date("2026-11-15T23:30:00Z"))).to.equal(true);
    });
  });

  describe("French public holidays", () => {
    it("closes on 1 May, 14 July and Ascension Day", () => {
      for (const day of ["2026-05-01", "2026-07-14", "2026-05-14", "2027-05-06"]) {
        expect(office.isWorkingDay(paris(`${day}T10:00`)), day).to.equal(false);
      }
      expect(inParis(office.addWorkingMinutes(paris("2026-04-30T17:00"), 60))).to.equal("Mon 2026-05-04 09:00 +02:00");
      expect(inParis(office.addWorkingMinutes(paris("2026-05-13T17:00"), 60))).to.equal("Fri 2026-05-15 09:00 +02:00");
      expect(inParis(office.addWorkingMinutes(paris("2026-07-13T17:30"), 30))).to.equal("Wed 2026-07-15 09:00 +02:00");
    });

    it("closes on Easter Monday 2027, 29 March, the day after the clocks go forward", () => {
      expect(office.describeDay(paris("2027-03-29T10:00"))).to.deep.equal({
        date: "2027-03-29",
        status: "holiday",
        holiday: { date: "2027-03-29", name: "Lundi de Pâques" },
      });
      expect(inParis(office.addWorkingMinutes(paris("2027-03-26T17:00"), 60))).to.equal("Tue 2027-03-30 09:00 +02:00");
    });

    it("starts the count at the next opening for a request made during a holiday", () => {
      expect(inParis(office.addWorkingMinutes(paris("2026-07-14T10:00"), 30))).to.equal("Wed 2026-07-15 09:00 +02:00");
      expect(inParis(office.nextWorkingInstant(paris("2026-07-14T10:00")))).to.equal("Wed 2026-07-15 08:30 +02:00");
    });

    it("lists the holidays of a period in date order, named in French", () => {
      const names = office.holidaysBetween(paris("2027-03-01T00:00"), paris("2027-05-31T23:59")).map((h) => `${h.date} ${h.name}`);
      expect(names).to.deep.equal([
        "2027-03-29 Lundi de Pâques",
        "2027-05-01 Fête du travail",
        "2027-05-06 Ascension",
        "2027-05-08 Fête de la Victoire 1945",
        "2027-05-17 Lundi de Pentecôte",
      ]);
    });

    it("works Whit Monday when the desk excludes it, by French or English name", () => {
      expect(office.isWorkingDay(paris("2026-05-25T10:00"))).to.equal(false);
      for (const name of ["Lundi de Pentecôte", "lundi de pentecote", "Whit Monday"]) {
        const desk = calendar({ holidays: { country: "FR", exclude: [name] } });
        expect(desk.isWorkingDay(paris("2026-05-25T10:00")), name).to.equal(true);
        expect(desk.isWorkingDay(paris("2027-05-17T10:00")), name).to.equal(true);
        expect(desk.isWorkingDay(paris("2026-05-14T10:00")), `${name}: Ascension stays off`).to.equal(false);
      }
    });

    it("works a holiday on one date only when the exclusion is a date", () => {
      const desk = calendar({ holidays: { country: "FR", exclude: ["2026-05-25"] } });
      expect(desk.isWorkingDay(paris("2026-05-25T10:00"))).to.equal(true);
      expect(desk.isWorkingDay(paris("2027-05-17T10:00"))).to.equal(false);
    });

    it("adds extra days off from the configuration", () => {
      const desk = calendar({ holidays: { country: "FR", extra: ["2026-11-10"] } });
      expect(desk.describeDay(paris("2026-11-10T10:00"))).to.deep.include({ status: "holiday" });
      expect(inParis(desk.addWorkingMinutes(paris("2026-11-09T17:00"), 60))).to.equal("Thu 2026-11-12 09:00 +01:00");
    });

    it("adds Good Friday and 26 December in Alsace-Moselle", () => {
      const alsace = calendar({ holidays: { country: "FR", region: "67" } });
      expect(alsace.isWorkingDay(paris("2027-03-26T10:00"))).to.equal(false);
      expect(alsace.isWorkingDay(paris("2026-12-26T10:00"))).to.equal(false);
      expect(alsace.isWorkingDay(paris("2028-12-26T10:00"))).to.equal(false);
      expect(office.isWorkingDay(paris("2027-03-26T10:00"))).to.equal(true);
      expect(office.isWorkingDay(paris("2028-12-26T10:00"))).to.equal(true);
      // Thursday 25 March 17:00 → Good Friday, weekend, Easter Monday all closed → Tuesday 30 March.
      expect(inParis(alsace.addWorkingMinutes(paris("2027-03-25T17:00"), 60))).to.equal("Tue 2027-03-30 09:00 +02:00");
    });
  });

  describe("closures", () => {
    const christmasClosure = calendar({ closures: [{ from: "2026-12-24", to: "2027-01-01", label: "Fermeture de fin d'année" }] });

    it("closes from 24 December to 1 January across the year end", () => {
      expect(inParis(christmasClosure.addWorkingMinutes(paris("2026-12-23T17:00"), 60))).to.equal("Mon 2027-01-04 09:00 +01:00");
      expect(christmasClosure.describeDay(paris("2026-12-28T10:00"))).to.deep.equal({
        date: "2026-12-28",
        status: "closure",
        closure: { from: "2026-12-24", to: "2027-01-01", label: "Fermeture de fin d'année" },
      });
      expect(christmasClosure.workingMinutesBetween(paris("2026-12-24T00:00"), paris("2027-01-02T00:00"))).to.equal(0);
      expect(christmasClosure.isWorkingDay(paris("2027-12-27T10:00")), "a dated closure does not come back").to.equal(true);
    });

    it("applies a closure that repeats every year in 2026 and in 2027", () => {
      const desk = calendar({ closures: [{ every: "12-24", until: "01-01", label: "Fermeture de fin d'année" }] });
      expect(inParis(desk.addWorkingMinutes(paris("2026-12-23T17:00"), 60))).to.equal("Mon 2027-01-04 09:00 +01:00");
      expect(inParis(desk.addWorkingMinutes(paris("2027-12-23T17:00"), 60))).to.equal("Mon 2028-01-03 09:00 +01:00");
      expect(desk.isWorkingDay(paris("2026-01-01T10:00"))).to.equal(false);
      expect(desk.isWorkingDay(paris("2027-12-31T10:00"))).to.equal(false);
      expect(desk.isWorkingDay(paris("2027-12-23T10:00"))).to.equal(true);
    });

    it("applies a yearly closure inside one year", () => {
      const desk = calendar({ closures: [{ every: "08-10", until: "08-21", label: "Fermeture estivale" }] });
      expect(desk.isWorkingDay(paris("2026-08-10T10:00"))).to.equal(false);
      expect(desk.isWorkingDay(paris("2027-08-20T10:00"))).to.equal(false);
      expect(desk.isWorkingDay(paris("2027-08-23T10:00"))).to.equal(true);
      expect(desk.isWorkingDay(paris("2027-01-04T10:00"))).to.equal(true);
    });

    it("stays fast and exact over a two-week closure", () => {
      const desk = calendar({ closures: [{ from: "2026-08-03", to: "2026-08-16", label: "Fermeture estivale" }] });
      expect(inParis(desk.addWorkingMinutes(paris("2026-07-31T17:00"), 60))).to.equal("Mon 2026-08-17 09:00 +02:00");
    });

    it("refuses to search for ever when the calendar is closed every day", () => {
      const closed = calendar({ closures: [{ every: "01-01", until: "12-31", label: "never open" }] });
      expect(() => closed.addWorkingMinutes(paris("2026-11-17T10:00"), 10)).to.throw(NoWorkingTimeError);
      expect(() => closed.nextWorkingInstant(paris("2026-11-17T10:00"))).to.throw(NoWorkingTimeError);
    });
  });

  describe("daylight saving time", () => {
    const roundTheClock = calendar(ROUND_THE_CLOCK);

    it("counts 23 hours of work on the spring-forward day (28 March 2027, Easter Sunday) for a 24/7 desk", () => {
      expect(roundTheClock.workingMinutesBetween(paris("2027-03-28T00:00"), paris("2027-03-29T00:00"))).to.equal(23 * 60);
      expect(inParis(roundTheClock.addWorkingMinutes(paris("2027-03-28T00:00"), 24 * 60))).to.equal("Mon 2027-03-29 01:00 +02:00");
    });

    it("counts 25 hours of work on the fall-back day (25 October 2026) for a 24/7 desk", () => {
      expect(roundTheClock.workingMinutesBetween(paris("2026-10-25T00:00"), paris("2026-10-26T00:00"))).to.equal(25 * 60);
      expect(inParis(roundTheClock.addWorkingMinutes(paris("2026-10-25T00:00"), 24 * 60))).to.equal("Sun 2026-10-25 23:00 +01:00");
    });

    it("keeps a 24/7 desk open across midnight and the new year", () => {
      expect(roundTheClock.isWorkingTime(paris("2027-01-01T00:00"))).to.equal(true);
      expect(roundTheClock.workingMinutesBetween(paris("2026-12-31T23:00"), paris("2027-01-01T01:00"))).to.equal(120);
    });

    it("gives an 08:30-12:00 slot 3 h 30 of work on both change days", () => {
      const sundayDesk = calendar({ workingHours: { sun: ["08:30-12:00"] } });
      expect(sundayDesk.workingMinutesBetween(paris("2027-03-28T00:00"), paris("2027-03-29T00:00"))).to.equal(210);
      expect(sundayDesk.workingMinutesBetween(paris("2026-10-25T00:00"), paris("2026-10-26T00:00"))).to.equal(210);
    });

    it("carries office-hour targets over a clock change on the wall clock", () => {
      expect(inParis(office.addWorkingMinutes(paris("2026-10-23T17:00"), 240))).to.equal("Mon 2026-10-26 12:00 +01:00");
      expect(inParis(office.addWorkingMinutes(paris("2027-03-26T17:00"), 240))).to.equal("Tue 2027-03-30 12:00 +02:00");
    });

    it("gives a slot spanning 02:00-03:00 the time the clocks really show: 2 h in spring, 4 h in autumn for 01:00-04:00", () => {
      const nightShift = calendar({ workingHours: { sun: ["01:00-04:00"] } });
      expect(nightShift.workingMinutesBetween(paris("2027-03-28T00:00"), paris("2027-03-29T00:00"))).to.equal(120);
      expect(nightShift.workingMinutesBetween(paris("2026-10-25T00:00"), paris("2026-10-26T00:00"))).to.equal(240);
    });

    it("opens a slot that starts inside the spring-forward gap when the clocks jump", () => {
      const nightShift = calendar({ workingHours: { sun: ["02:30-04:00"] } });
      expect(inParis(nightShift.nextWorkingInstant(paris("2027-03-28T00:00")))).to.equal("Sun 2027-03-28 03:00 +02:00");
      expect(nightShift.workingMinutesBetween(paris("2027-03-28T00:00"), paris("2027-03-29T00:00"))).to.equal(60);
    });
  });
});
