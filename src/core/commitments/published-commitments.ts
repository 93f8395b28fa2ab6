import { DateTime } from "luxon";
import { PRIORITIES, type DeskConfig, type Priority } from "../../config/desk-config-schema";
import type { DeskContext } from "../desk-context";
import type { Lang } from "../knowledge/article";
import type { MessageView } from "../messages/message-view";
import { texts } from "../messages/texts";
import { formatDay } from "../promises/date-words";
import { closureWithin, type DatedClosurePeriod } from "../promises/closures";
import { durationLabel } from "../sla/sla-notices";

/** How far ahead closures and public holidays are announced. */
const DAYS_AHEAD = 92;
const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
/** Priorities from the most urgent, as people read a list of delays. */
const BY_URGENCY: Priority[] = [...PRIORITIES].reverse();

/**
 * The desk's commitments in plain words (002: « les SLA disponibles sont présentés »; 001: opening hours): receipt,
 * taking in charge, first answer and resolution per priority, the opening hours, and the closures and public holidays
 * of the next three months, all from the configuration, in the reader's language.
 */
export function publishedCommitments(ctx: Pick<DeskContext, "config" | "calendar" | "now">, lang: Lang): { title: string; lines: string[] } {
  const t = texts(lang).commitments;
  const { config } = ctx;
  const sla = config.sla;
  const delays = (of: (priority: Priority) => string) => perPriority(of, lang);
  const lines = [
    t.receipt(delays((p) => sla.priorities[p]?.acknowledge ?? sla.acknowledge)),
    t.takeInCharge(delays((p) => sla.priorities[p]?.takeInCharge ?? sla.takeInCharge)),
    t.firstAnswer(delays((p) => sla.priorities[p]?.firstAnswer ?? sla.firstAnswer)),
    t.resolve(delays((p) => sla.priorities[p]?.resolve ?? sla.resolve[p])),
  ];
  if (config.categories.some((c) => c.sla !== undefined)) lines.push(t.categoriesOwn);
  lines.push(t.workingTime, t.hours(openingHours(config, lang), config.calendar.timezone));
  const now = ctx.now();
  const until = new Date(now.getTime() + DAYS_AHEAD * 86_400_000);
  const closures = closuresBetween(ctx.calendar, now, until);
  lines.push(t.closures(closures.length ? closures.map((c) => t.closure(formatDay(config, c.from, lang), formatDay(config, c.to, lang), c.label)).join(", ") : t.noClosureAhead));
  const holidays = ctx.calendar.holidaysBetween(now, until);
  lines.push(t.holidays(holidays.length ? holidays.map((h) => t.holiday(formatDay(config, h.date, lang), h.name)).join(", ") : t.noneAhead));
  return { title: t.title, lines };
}

/** The commitments as the answer to `/guichet sla`. */
export function commitmentsMessage(ctx: Pick<DeskContext, "config" | "calendar" | "now">, lang: Lang): MessageView {
  const { title, lines } = publishedCommitments(ctx, lang);
  return { kind: "help", lang, title, text: lines.join("\n") };
}

/** One delay when every priority has it, else each priority's ("4 h ouvrées en priorité critique, …"). */
function perPriority(of: (priority: Priority) => string, lang: Lang): string {
  const t = texts(lang);
  const durations = BY_URGENCY.map((p) => [p, of(p)] as const);
  if (durations.every(([, d]) => d === durations[0][1])) return durationLabel(durations[0][1], lang);
  return durations.map(([p, d]) => t.commitments.byPriority(t.priority[p], durationLabel(d, lang))).join(", ");
}

/** "du lundi au vendredi, 08:30–12:00 et 13:30–17:30": consecutive days with the same slots go together. */
function openingHours(config: DeskConfig, lang: Lang): string {
  const t = texts(lang).commitments;
  const hours = config.calendar.workingHours as Partial<Record<(typeof WEEKDAYS)[number], string[]>>;
  const dayName = (index: number) => DateTime.fromObject({ weekday: (index + 1) as 1 }).setLocale(lang).toFormat("cccc");
  const runs: Array<{ from: number; to: number; slots: string }> = [];
  WEEKDAYS.forEach((day, index) => {
    const slots = (hours[day] ?? []).map((slot) => slot.replace("-", "–")).join(t.slotsAnd);
    if (!slots) return;
    const last = runs.at(-1);
    if (last && last.to === index - 1 && last.slots === slots) last.to = index;
    else runs.push({ from: index, to: index, slots });
  });
  return runs.map((run) => `${run.from === run.to ? dayName(run.from) : t.dayRange(dayName(run.from), dayName(run.to))}, ${run.slots}`).join(t.runSeparator);
}

/** The closures between two instants, each once with its own dates. */
function closuresBetween(calendar: DeskContext["calendar"], from: Date, to: Date): DatedClosurePeriod[] {
  const found: DatedClosurePeriod[] = [];
  let start = from;
  while (start.getTime() <= to.getTime()) {
    const closure = closureWithin(calendar, start, to);
    if (!closure) break;
    found.push(closure);
    start = DateTime.fromISO(closure.to, { zone: calendar.timezone }).plus({ days: 1 }).toJSDate();
  }
  return found;
}
