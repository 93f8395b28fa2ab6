import { DateTime } from "luxon";
import type { Priority } from "../../config/desk-config-schema";
import type { Lang } from "../knowledge/article";
import { texts } from "../messages/texts";
import { formatMinutes, formatPeriod, formatRate } from "../reports/report-format";
import { WATCHED_METRICS } from "../sla/sla-plan";
import { SLA_METRICS, type SlaMetric } from "../sla/sla-policy";
import { metRate, type OutcomeChange, type SlaSimulation, type Tally } from "./sla-simulation";

/** What was simulated, for the heading. */
export interface SimulationRun {
  since: Date;
  until: Date;
  now: Date;
  timezone: string;
  /** The candidate configuration file, as given. */
  candidateFile: string;
}

const words = {
  fr: {
    title: (tickets: number, from: string, to: string, at: string) =>
      `Simulation des engagements : ${tickets} ticket${tickets > 1 ? "s" : ""} ouvert${tickets > 1 ? "s" : ""} du ${from} au ${to}, rejoué${tickets > 1 ? "s" : ""} le ${at}`,
    candidate: (file: string) => `Règles candidates : ${file}`,
    columns: ["actuelles", "candidates"],
    targets: "Engagements tenus",
    byPriority: "Par priorité",
    reminders: "Rappels qui auraient été envoyés",
    breaches: "Dépassements qui auraient été signalés",
    escalations: "Escalades automatiques",
    metToMissed: (n: number) => `Engagements tenus qui ne le seraient plus : ${n}`,
    missedToMet: (n: number) => `Engagements manqués qui seraient tenus : ${n}`,
    change: (id: number, metric: string, before: string, after: string) => `n°${id} · ${metric} : ${before} → ${after}`,
    spent: (elapsed: string, target: string) => `${elapsed} pour ${target}`,
    more: (n: number) => `… et ${n} autre${n > 1 ? "s" : ""}`,
    escalationChanges: (gained: string, lost: string) => `Escalades automatiques en plus : ${gained} ; en moins : ${lost}`,
    none: "aucune",
  },
  en: {
    title: (tickets: number, from: string, to: string, at: string) =>
      `SLA simulation: ${tickets} ticket${tickets > 1 ? "s" : ""} opened from ${from} to ${to}, replayed on ${at}`,
    candidate: (file: string) => `Candidate rules: ${file}`,
    columns: ["current", "candidate"],
    targets: "Commitments met",
    byPriority: "By priority",
    reminders: "Reminders that would have been sent",
    breaches: "Breaches that would have been reported",
    escalations: "Automatic escalations",
    metToMissed: (n: number) => `Commitments met that would be missed: ${n}`,
    missedToMet: (n: number) => `Commitments missed that would be met: ${n}`,
    change: (id: number, metric: string, before: string, after: string) => `#${id} · ${metric}: ${before} → ${after}`,
    spent: (elapsed: string, target: string) => `${elapsed} of ${target}`,
    more: (n: number) => `… and ${n} more`,
    escalationChanges: (gained: string, lost: string) => `Automatic escalations gained: ${gained}; lost: ${lost}`,
    none: "none",
  },
};

/** Changed tickets listed in the text; the JSON has them all. */
const LISTED = 30;

/** The simulation for people: the two sets of rules side by side, then the tickets whose outcome changes. */
export function formatSimulationText(simulation: SlaSimulation, run: SimulationRun, lang: Lang): string {
  const w = words[lang as keyof typeof words] ?? words.en;
  const t = texts(lang);
  const { from, to } = formatPeriod({ since: run.since.toISOString(), until: run.until.toISOString(), timezone: run.timezone }, lang);
  const at = DateTime.fromJSDate(run.now, { zone: run.timezone }).setLocale(lang).toFormat(lang === "fr" ? "cccc d LLLL yyyy 'à' HH:mm" : "cccc d LLLL yyyy 'at' HH:mm");
  const tally = (x: Tally) => t.report.target(x.met, x.met + x.missed, formatRate(metRate(x), lang), x.pending);
  const { current, candidate } = simulation;

  const rows: Array<[string, string, string] | string> = [];
  rows.push([w.targets, ...w.columns] as [string, string, string]);
  for (const m of SLA_METRICS) rows.push([`  ${t.slaMetric[m]}`, tally(current.targets[m]), tally(candidate.targets[m])]);
  rows.push(w.byPriority);
  for (const priority of Object.keys(current.byPriority) as Priority[]) {
    for (const m of SLA_METRICS) {
      const [a, b] = [current.byPriority[priority]?.[m], candidate.byPriority[priority]?.[m]];
      if (a && b) rows.push([`  ${t.priority[priority]} · ${t.slaMetric[m]}`, tally(a), tally(b)]);
    }
  }
  rows.push(w.reminders);
  for (const m of WATCHED_METRICS) rows.push([`  ${t.slaMetric[m]}`, String(current.reminders[m] ?? 0), String(candidate.reminders[m] ?? 0)]);
  rows.push(w.breaches);
  for (const m of WATCHED_METRICS) rows.push([`  ${t.slaMetric[m]}`, String(current.breaches[m] ?? 0), String(candidate.breaches[m] ?? 0)]);
  rows.push([w.escalations, String(current.escalations), String(candidate.escalations)]);

  const table = rows.filter((r): r is [string, string, string] => typeof r !== "string");
  const first = Math.max(...table.map((r) => r[0].length)) + 3;
  const second = Math.max(...table.map((r) => r[1].length)) + 3;
  const lines = [w.title(simulation.tickets, from, to, at), w.candidate(run.candidateFile), ""];
  for (const row of rows) lines.push(typeof row === "string" ? row : `${row[0].padEnd(first)}${row[1].padEnd(second)}${row[2]}`.trimEnd());

  const spent = (x: { elapsedMs: number; targetMs: number }) => w.spent(formatMinutes(x.elapsedMs / 60_000), formatMinutes(x.targetMs / 60_000));
  const changes = (heading: string, list: OutcomeChange[]) => {
    lines.push("", heading);
    for (const c of list.slice(0, LISTED)) lines.push(`  ${w.change(c.ticketId, t.slaMetric[c.metric], spent(c.current), spent(c.candidate))}`);
    if (list.length > LISTED) lines.push(`  ${w.more(list.length - LISTED)}`);
  };
  changes(w.metToMissed(simulation.metToMissed.length), simulation.metToMissed);
  changes(w.missedToMet(simulation.missedToMet.length), simulation.missedToMet);
  const ids = (list: number[]) => (list.length === 0 ? w.none : `${list.slice(0, LISTED).map((id) => (lang === "fr" ? `n°${id}` : `#${id}`)).join(", ")}${list.length > LISTED ? ` ${w.more(list.length - LISTED)}` : ""}`);
  lines.push("", w.escalationChanges(ids(simulation.escalationsGained), ids(simulation.escalationsLost)));
  // English typography has no space before a colon.
  return `${(lang === "en" ? lines.map((l) => l.replace(/ :/g, ":")) : lines).join("\n")}\n`;
}

/** The whole simulation as JSON, with the met rates worked out and durations in working minutes. */
export function formatSimulationJson(simulation: SlaSimulation, run: SimulationRun): string {
  const rates = (targets: Record<SlaMetric, Tally>) =>
    Object.fromEntries(SLA_METRICS.map((m) => [m, { ...targets[m], metRate: metRate(targets[m]) }]));
  const side = (figures: SlaSimulation["current"]) => ({
    targets: rates(figures.targets),
    byPriority: Object.fromEntries(Object.entries(figures.byPriority).map(([p, targets]) => [p, rates(targets)])),
    reminders: figures.reminders,
    breaches: figures.breaches,
    escalations: figures.escalations,
  });
  const minutes = (c: OutcomeChange) => ({
    ticketId: c.ticketId,
    metric: c.metric,
    current: { workingMinutes: c.current.elapsedMs / 60_000, targetMinutes: c.current.targetMs / 60_000 },
    candidate: { workingMinutes: c.candidate.elapsedMs / 60_000, targetMinutes: c.candidate.targetMs / 60_000 },
  });
  return `${JSON.stringify({
    since: run.since.toISOString(),
    until: run.until.toISOString(),
    replayedAt: run.now.toISOString(),
    timezone: run.timezone,
    candidateFile: run.candidateFile,
    tickets: simulation.tickets,
    current: side(simulation.current),
    candidate: side(simulation.candidate),
    metToMissed: simulation.metToMissed.map(minutes),
    missedToMet: simulation.missedToMet.map(minutes),
    escalationsGained: simulation.escalationsGained,
    escalationsLost: simulation.escalationsLost,
  }, null, 2)}\n`;
}
