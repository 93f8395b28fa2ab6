import { expect } from "chai";
import { calendarConfigSchema, formatCalendarConfigIssues, parseCalendarConfig } from "../../../src/core/sla/calendar-config";

/** The messages a configuration gets, or [] when it is valid. */
function problemsOf(input: unknown): string[] {
  const result = parseCalendarConfig(input);
  return result.ok ? [] : result.error.issues;
}

describe("calendar configuration", () => {
  it("fills in the seeds' defaults: Europe/Paris, 08:30-12:00 and 13:30-17:30 on weekdays, French holidays, no closure", () => {
    const result = parseCalendarConfig({});
    expect(result).to.deep.equal({
      ok: true,
      config: {
        timezone: "Europe/Paris",
        workingHours: {
          mon: ["08:30-12:00", "13:30-17:30"],
          tue: ["08:30-12:00", "13:30-17:30"],
          wed: ["08:30-12:00", "13:30-17:30"],
          thu: ["08:30-12:00", "13:30-17:30"],
          fri: ["08:30-12:00", "13:30-17:30"],
          sat: [],
          sun: [],
        },
        holidays: { country: "FR", exclude: [], extra: [] },
        closures: [],
      },
    });
  });

  it("leaves out of the week the days a configuration does not list", () => {
    const result = parseCalendarConfig({ workingHours: { mon: ["09:00-17:00"] } });
    expect(result.ok && result.config.workingHours).to.deep.equal({ mon: ["09:00-17:00"], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] });
  });

  it("hands every caller its own copy of the default hours", () => {
    const first = parseCalendarConfig({});
    if (first.ok) first.config.workingHours.mon.push("18:00-19:00");
    const second = parseCalendarConfig({});
    expect(second.ok && second.config.workingHours.mon).to.deep.equal(["08:30-12:00", "13:30-17:30"]);
  });

  it("accepts 24:00 as the end of a day, dated and yearly closures, and an Alsace-Moselle region", () => {
    expect(
      problemsOf({
        workingHours: { sat: ["00:00-24:00"] },
        holidays: { country: "FR", region: "68", exclude: ["Lundi de Pentecôte", "2026-11-11"], extra: ["2026-12-31"] },
        closures: [
          { from: "2026-12-24", to: "2027-01-01", label: "Fin d'année 2026" },
          { every: "12-24", until: "01-01", label: "Fin d'année" },
        ],
      }),
    ).to.deep.equal([]);
  });

  it("names the field and the expected form of a malformed time range", () => {
    expect(problemsOf({ workingHours: { mon: ["08:30-12:00", "14:00-13:00"] } })).to.deep.equal([
      'workingHours.mon[1]: expected HH:MM-HH:MM with start before end, got "14:00-13:00"',
    ]);
    expect(problemsOf({ workingHours: { tue: ["8h-12h"] } })).to.deep.equal(['workingHours.tue[0]: expected HH:MM-HH:MM with start before end, got "8h-12h"']);
    expect(problemsOf({ workingHours: { wed: ["09:00-24:30"] } })).to.deep.equal([
      'workingHours.wed[0]: expected HH:MM-HH:MM with start before end, got "09:00-24:30"',
    ]);
  });

  it("refuses overlapping ranges in a day but accepts touching ones", () => {
    expect(problemsOf({ workingHours: { mon: ["08:00-12:00", "11:00-14:00"] } })).to.deep.equal([
      'workingHours.mon[1]: "11:00-14:00" overlaps "08:00-12:00": expected ranges that do not overlap',
    ]);
    expect(problemsOf({ workingHours: { mon: ["08:00-12:00", "12:00-14:00"] } })).to.deep.equal([]);
  });

  it("refuses a week without any working hours and a misspelt weekday", () => {
    expect(problemsOf({ workingHours: {} })).to.deep.equal(["workingHours: expected working hours on at least one day of the week"]);
    expect(problemsOf({ workingHours: { monday: ["08:00-12:00"], tue: ["08:00-12:00"] } })).to.deep.equal(['workingHours: Unrecognized key: "monday"']);
  });

  it("refuses an unknown time zone", () => {
    expect(problemsOf({ timezone: "Europe/Pariss" })).to.deep.equal(['timezone: expected an IANA time zone such as "Europe/Paris", got "Europe/Pariss"']);
  });

  it("refuses a region date-holidays does not know rather than silently using the whole country", () => {
    const [problem] = problemsOf({ holidays: { country: "FR", region: "76" } });
    expect(problem).to.match(/^holidays\.region: expected one of "57", "67", "68".* for FR, got "76"$/);
    expect(problemsOf({ holidays: { country: "XX" } })[0]).to.match(/^holidays\.country: expected a country code/);
  });

  it("refuses an exclusion that names no holiday, listing the names it knows", () => {
    const [problem] = problemsOf({ holidays: { exclude: ["Pentecost Monday"] } });
    expect(problem).to.match(/^holidays\.exclude\[0\]: expected a date YYYY-MM-DD or a holiday of FR \(.*Lundi de Pentecôte, Whit Monday.*\), got "Pentecost Monday"$/);
  });

  it("refuses impossible dates", () => {
    expect(problemsOf({ holidays: { extra: ["2026-02-30"] } })).to.deep.equal(['holidays.extra[0]: expected a date YYYY-MM-DD, got "2026-02-30"']);
  });

  it("explains what a closure lacks or gets wrong", () => {
    expect(
      problemsOf({
        closures: [
          { from: "2026-12-24", label: "Noël" },
          { from: "2027-01-02", to: "2026-12-24", label: "Noël" },
          { every: "12-24", until: "13-01", label: "Noël" },
          { from: "2026-12-24", until: "01-01", label: "Noël" },
          { every: "12-24", until: "01-01", label: " " },
        ],
      }),
    ).to.deep.equal([
      "closures[0].to: expected a date YYYY-MM-DD (the last closed day), since from is given",
      'closures[1].to: expected a date on or after from (2027-01-02), got "2026-12-24"',
      'closures[2].until: expected a month-day MM-DD, got "13-01"',
      "closures[3]: expected either from/to (YYYY-MM-DD, one period) or every/until (MM-DD, every year)",
      "closures[4].label: expected a label (text)",
    ]);
  });

  it("prefixes the paths with the place of the calendar in a larger file", () => {
    const parsed = calendarConfigSchema.safeParse({ timezone: "Mars/Olympus" });
    expect(parsed.success).to.equal(false);
    if (!parsed.success) {
      expect(formatCalendarConfigIssues(parsed.error, "sla.calendar")).to.deep.equal([
        'sla.calendar.timezone: expected an IANA time zone such as "Europe/Paris", got "Mars/Olympus"',
      ]);
    }
  });

  it("returns an error value with a code and one message for people", () => {
    const result = parseCalendarConfig({ timezone: 42 });
    expect(result.ok).to.equal(false);
    if (!result.ok) {
      expect(result.error.code).to.equal("invalid_calendar_config");
      expect(result.error.message).to.match(/^invalid calendar configuration: timezone: expected an IANA time zone/);
    }
  });
});
