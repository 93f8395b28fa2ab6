import Holidays, { type HolidaysTypes } from "date-holidays";
import { isIsoDate } from "./civil-date";

/** One day off for everybody, as the calendar sees it. */
export interface PublicHoliday {
  /** Local date `YYYY-MM-DD`. */
  date: string;
  /** Name in the country's own language ("Lundi de Pentecôte"), or "extra holiday" for a configured date. */
  name: string;
}

/** Which holidays apply and how the desk departs from them. */
export interface PublicHolidayRules {
  /** ISO 3166 country code as date-holidays spells it ("FR"). */
  country: string;
  /** date-holidays state code ("57", "67", "68" for Alsace-Moselle). */
  region?: string;
  /** Holiday names (French or English, any case or accents) or `YYYY-MM-DD` dates that are worked. */
  exclude?: readonly string[];
  /** Further `YYYY-MM-DD` days off. */
  extra?: readonly string[];
}

/** Types that close an office; observances (Mother's Day, Pentecost Sunday) and school holidays do not. */
const DAY_OFF_TYPES: ReadonlySet<HolidaysTypes.HolidayType> = new Set(["public", "bank"]);
/** Language of the second name an exclusion may use, so "Whit Monday" works as well as "Lundi de Pentecôte". */
const ALTERNATE_LANGUAGE = "en";
/** Years scanned to list a country's holiday names; wide enough to meet rules that skip some years. */
const NAME_SCAN_YEARS = { from: 2020, to: 2035 };
export const EXTRA_HOLIDAY_NAME = "extra holiday";

/** Folds case, accents and spacing so that "lundi de pentecote" names "Lundi de Pentecôte". */
export function normalizeHolidayName(name: string): string {
  return name
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[’‘]/g, "'")
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();
}

interface NamedHoliday {
  date: string;
  names: string[];
  rule: string;
}

/** A date-holidays instance with the country's own language, read once: the instance reorders its languages on each call. */
interface HolidaySource {
  holidays: Holidays;
  language: string;
}

/**
 * The days off of a year with their names in the country's language and, when `withAlternateNames`, in English.
 */
function dayOffHolidays(source: HolidaySource, year: number, withAlternateNames: boolean): NamedHoliday[] {
  // Name the language on every call: date-holidays answers in the last language asked for.
  const local = source.holidays
    .getHolidays(year, source.language)
    .filter((holiday) => DAY_OFF_TYPES.has(holiday.type))
    // date-holidays writes "YYYY-MM-DD hh:mm:ss" in the country's own zone: the date part is the civil day off.
    // Countries with half-day holidays (24 December from 14:00 in some) get the whole day off: none in France.
    .map((holiday) => ({ date: holiday.date.slice(0, 10), name: holiday.name, rule: holiday.rule }));
  if (!withAlternateNames) return local.map((holiday) => ({ date: holiday.date, names: [holiday.name], rule: holiday.rule }));
  const alternateByRule = new Map(source.holidays.getHolidays(year, ALTERNATE_LANGUAGE).map((holiday) => [holiday.rule, holiday.name]));
  return local.map((holiday) => ({ date: holiday.date, names: [holiday.name, alternateByRule.get(holiday.rule) ?? holiday.name], rule: holiday.rule }));
}

function holidaySource(country: string, region: string | undefined): HolidaySource {
  const holidays = region === undefined ? new Holidays(country) : new Holidays(country, region);
  return { holidays, language: holidays.getLanguages()[0] ?? ALTERNATE_LANGUAGE };
}

/**
 * Explains why a country or region is not one date-holidays knows (it silently falls back to the whole
 * country for an unknown region, which would hide a typo such as "76" for "67").
 * @returns a message for people, or undefined when both are known
 */
export function holidayRegionProblem(country: string, region: string | undefined): { field: "country" | "region"; message: string } | undefined {
  const directory = new Holidays();
  const countries = directory.getCountries();
  if (!(country in countries)) return { field: "country", message: `expected a country code known to date-holidays such as "FR", got "${country}"` };
  if (region === undefined) return undefined;
  const regions = directory.getStates(country) ?? {};
  if (region in regions) return undefined;
  const known = Object.keys(regions);
  return {
    field: "region",
    message: known.length
      ? `expected one of ${known.map((code) => `"${code}"`).join(", ")} for ${country}, got "${region}"`
      : `${country} has no regions in date-holidays, got "${region}"`,
  };
}

const knownNamesCache = new Map<string, Map<string, string>>();

/**
 * Names of the days off of a country (and region), in its language and in English.
 * @returns normalized name → name as written by date-holidays
 */
export function knownHolidayNames(country: string, region: string | undefined): ReadonlyMap<string, string> {
  const key = `${country}/${region ?? ""}`;
  let names = knownNamesCache.get(key);
  if (!names) {
    names = new Map();
    const source = holidaySource(country, region);
    for (let year = NAME_SCAN_YEARS.from; year <= NAME_SCAN_YEARS.to; year++) {
      for (const holiday of dayOffHolidays(source, year, true)) {
        for (const name of holiday.names) names.set(normalizeHolidayName(name), name);
      }
    }
    knownNamesCache.set(key, names);
  }
  return names;
}

/** The days off of one calendar, from date-holidays with the desk's exclusions and extra days, cached per year. */
export class PublicHolidayCalendar {
  private readonly source: HolidaySource;
  private readonly excludedNames: ReadonlySet<string>;
  private readonly excludedDates: ReadonlySet<string>;
  private readonly extraDates: readonly string[];
  private readonly byYear = new Map<number, ReadonlyMap<string, PublicHoliday>>();

  constructor(rules: PublicHolidayRules) {
    this.source = holidaySource(rules.country, rules.region);
    const exclude = rules.exclude ?? [];
    this.excludedDates = new Set(exclude.filter(isIsoDate));
    this.excludedNames = new Set(exclude.filter((entry) => !isIsoDate(entry)).map(normalizeHolidayName));
    this.extraDates = rules.extra ?? [];
  }

  /** The holiday on a local date `YYYY-MM-DD`, if it is one. */
  holidayOn(isoDate: string): PublicHoliday | undefined {
    return this.forYear(Number(isoDate.slice(0, 4))).get(isoDate);
  }

  /** Days off of a year, in date order. */
  holidaysIn(year: number): PublicHoliday[] {
    return [...this.forYear(year).values()].sort((a, b) => a.date.localeCompare(b.date));
  }

  private forYear(year: number): ReadonlyMap<string, PublicHoliday> {
    let holidays = this.byYear.get(year);
    if (!holidays) {
      holidays = this.computeYear(year);
      this.byYear.set(year, holidays);
    }
    return holidays;
  }

  private computeYear(year: number): Map<string, PublicHoliday> {
    const holidays = new Map<string, PublicHoliday>();
    for (const holiday of dayOffHolidays(this.source, year, this.excludedNames.size > 0)) {
      if (this.excludedDates.has(holiday.date)) continue;
      if (holiday.names.some((name) => this.excludedNames.has(normalizeHolidayName(name)))) continue;
      // Two holidays can fall on one date (8 May and Ascension in 2008): the date stays off if either is kept.
      if (!holidays.has(holiday.date)) holidays.set(holiday.date, { date: holiday.date, name: holiday.names[0] });
    }
    const prefix = `${year}-`;
    for (const date of this.extraDates) {
      if (date.startsWith(prefix) && !holidays.has(date)) holidays.set(date, { date, name: EXTRA_HOLIDAY_NAME });
    }
    return holidays;
  }
}

/** True when `name` (any case or accents) is one of the names `knownHolidayNames` returned. */
export function isKnownHolidayName(known: ReadonlyMap<string, string>, name: string): boolean {
  return known.has(normalizeHolidayName(name));
}
