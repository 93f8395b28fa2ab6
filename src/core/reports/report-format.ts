import { DateTime } from "luxon";
import type { Lang } from "../knowledge/article";
import { texts } from "../messages/texts";
import { WATCHED_METRICS } from "../sla/sla-plan";
import { SLA_METRICS } from "../sla/sla-policy";
import { csvRow } from "./csv";
import type { Count, DeskReport, DurationStats } from "./desk-report";

export type ReportFormat = "text" | "csv" | "json";

/** "45 min", "2 h 05": working time as people say it. */
export function formatMinutes(minutes: number | null): string {
  if (minutes === null) return "—";
  const whole = Math.round(minutes);
  if (whole < 60) return `${whole} min`;
  return `${Math.floor(whole / 60)} h ${String(whole % 60).padStart(2, "0")}`;
}

export function formatRate(rate: number | null, lang: Lang): string {
  if (rate === null) return "";
  const percent = Math.round(rate * 1000) / 10;
  return lang === "fr" ? `${String(percent).replace(".", ",")} %` : `${percent}%`;
}

/** The period's bounds as dates in the desk's zone; an end at midnight shows the last day counted. */
export function formatPeriod(report: Pick<DeskReport, "since" | "until" | "timezone">, lang: Lang): { from: string; to: string } {
  const bound = (iso: string, end: boolean) => {
    let at = DateTime.fromISO(iso, { zone: report.timezone }).setLocale(lang);
    const midnight = at.hour === 0 && at.minute === 0 && at.second === 0 && at.millisecond === 0;
    if (midnight && end) at = at.minus({ days: 1 });
    return midnight ? at.toFormat("cccc d LLLL yyyy") : at.toFormat(lang === "fr" ? "cccc d LLLL yyyy 'à' HH:mm" : "cccc d LLLL yyyy 'at' HH:mm");
  };
  return { from: bound(report.since, false), to: bound(report.until, true) };
}

/** The report for people: the CLI's text output and the body of the management digest. */
export function formatReportText(report: DeskReport, lang: Lang): string {
  const t = texts(lang);
  const r = t.report;
  const { from, to } = formatPeriod(report, lang);
  const list = (counts: Count[]) => (counts.length ? counts.map((c) => `${c.label} ${c.count}`).join(" · ") : r.none);
  const time = (s: DurationStats) => `${formatMinutes(s.medianMinutes)} / ${formatMinutes(s.p90Minutes)} / ${formatMinutes(s.meanMinutes)} (${s.count})`;
  const average = report.satisfaction.average === null ? "" : t.decimal(report.satisfaction.average);
  const lines = [
    r.title(from, to),
    r.tickets(report.tickets.created, report.tickets.incidents, report.tickets.requests, report.tickets.resolved, report.tickets.stillOpen),
    `${r.byCategory} : ${list(report.byCategory)}`,
    `${r.byChannel} : ${list(report.byChannel)}`,
    `${r.byPriority} : ${list(report.byPriority)}`,
    `${r.times} :`,
    ...SLA_METRICS.map((m) => `  ${t.slaMetric[m]} : ${time(report.times[m])}`),
    `${r.targets} :`,
    ...SLA_METRICS.map((m) => {
      const s = report.sla[m];
      return `  ${t.slaMetric[m]} : ${r.target(s.met, s.met + s.missed, formatRate(s.metRate, lang), s.pending)}`;
    }),
    r.escalations(report.escalations.count, formatRate(report.escalations.rate, lang), report.escalations.automatic),
    r.deflections(report.deflections.count, formatRate(report.deflections.rate, lang)),
    r.satisfaction(average, report.satisfaction.responses,
      report.satisfaction.distribution.map((n, i) => `${i + 1}★ ${n}`).join(", ")),
    r.majorIncidents(report.majorIncidents.declared),
    r.backlog(
      DateTime.fromISO(report.backlog.at, { zone: report.timezone }).setLocale(lang).toFormat("d LLLL yyyy"),
      report.backlog.open, report.backlog.blocking, report.backlog.oldestDays,
    ),
    ...(report.transfers.length ? [`${r.transfers} : ${list(report.transfers)}`] : []),
    ...(report.byProfile.length ? [`${r.byProfile} :`] : []),
    ...report.byProfile.map((p) => `  ${r.profileLine(
      p.label, p.created, p.resolved, formatMinutes(p.resolve.medianMinutes),
      WATCHED_METRICS.map((m) => `${t.slaMetric[m]} ${p.sla[m].met}/${p.sla[m].met + p.sla[m].missed}`).join(", "),
      p.satisfaction.average === null ? r.noSatisfaction : `${t.decimal(p.satisfaction.average)}/5 (${p.satisfaction.responses})`,
    )}`),
  ];
  // English typography has no space before a colon.
  return `${(lang === "en" ? lines.map((l) => l.replace(/ :/g, ":")) : lines).join("\n")}\n`;
}

/** One figure per row (section, item, value): easy to filter and pivot in a spreadsheet. */
export function formatReportCsv(report: DeskReport): string {
  const rows: Array<[string, string, string | number | null]> = [
    ["period", "since", report.since],
    ["period", "until", report.until],
    ["period", "generated_at", report.generatedAt],
    ["period", "timezone", report.timezone],
    ["tickets", "created", report.tickets.created],
    ["tickets", "incidents", report.tickets.incidents],
    ["tickets", "requests", report.tickets.requests],
    ["tickets", "resolved", report.tickets.resolved],
    ["tickets", "still_open", report.tickets.stillOpen],
    ...report.byCategory.map((c): [string, string, number] => ["category", c.id, c.count]),
    ...report.byChannel.map((c): [string, string, number] => ["channel", c.id, c.count]),
    ...report.byPriority.map((c): [string, string, number] => ["priority", c.id, c.count]),
  ];
  for (const m of SLA_METRICS) {
    const s = report.times[m];
    rows.push(
      [`time_to_${m}`, "count", s.count], [`time_to_${m}`, "median_minutes", round(s.medianMinutes)], [`time_to_${m}`, "p90_minutes", round(s.p90Minutes)],
      [`time_to_${m}`, "mean_minutes", round(s.meanMinutes)],
    );
  }
  for (const m of SLA_METRICS) {
    const s = report.sla[m];
    rows.push([`sla_${m}`, "met", s.met], [`sla_${m}`, "missed", s.missed], [`sla_${m}`, "pending", s.pending], [`sla_${m}`, "met_rate", round(s.metRate, 4)]);
  }
  rows.push(
    ["escalations", "count", report.escalations.count],
    ["escalations", "automatic", report.escalations.automatic],
    ["escalations", "rate", round(report.escalations.rate, 4)],
    ["deflections", "count", report.deflections.count],
    ["deflections", "rate", round(report.deflections.rate, 4)],
    ["satisfaction", "responses", report.satisfaction.responses],
    ["satisfaction", "average", round(report.satisfaction.average, 2)],
    ...report.satisfaction.distribution.map((n, i): [string, string, number] => ["satisfaction", `score_${i + 1}`, n]),
    ["major_incidents", "declared", report.majorIncidents.declared],
    ...report.transfers.map((c): [string, string, number] => ["transfers", c.id, c.count]),
  );
  rows.push(
    ["backlog", "at", report.backlog.at], ["backlog", "open", report.backlog.open], ["backlog", "blocking", report.backlog.blocking],
    ["backlog", "oldest_days", round(report.backlog.oldestDays)],
    ...report.backlog.buckets.flatMap((b): Array<[string, string, number]> => [["backlog", `${b.id}_open`, b.open], ["backlog", `${b.id}_blocking`, b.blocking]]),
    ...report.daily.flatMap((d): Array<[string, string, number]> => [[`day:${d.date}`, "opened", d.opened], [`day:${d.date}`, "resolved", d.resolved]]),
  );
  for (const p of report.byProfile) {
    const section = `profile:${p.id ?? "none"}`;
    rows.push(
      [section, "created", p.created], [section, "resolved", p.resolved],
      [section, "resolve_median_minutes", round(p.resolve.medianMinutes)], [section, "resolve_mean_minutes", round(p.resolve.meanMinutes)],
      ...SLA_METRICS.map((m): [string, string, number | null] => [section, `sla_${m}_met_rate`, round(p.sla[m].metRate, 4)]),
      [section, "satisfaction_responses", p.satisfaction.responses], [section, "satisfaction_average", round(p.satisfaction.average, 2)],
    );
  }
  return csvRow(["section", "item", "value"]) + rows.map((row) => csvRow(row)).join("");
}

export function formatReport(report: DeskReport, format: ReportFormat, lang: Lang): string {
  if (format === "json") return `${JSON.stringify(report, null, 2)}\n`;
  if (format === "csv") return formatReportCsv(report);
  return formatReportText(report, lang);
}

function round(value: number | null, digits = 1): number | null {
  if (value === null) return null;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
