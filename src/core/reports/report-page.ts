import { readFileSync } from "node:fs";
import { DateTime } from "luxon";
import type { Lang } from "../knowledge/article";
import { texts } from "../messages/texts";
import { SLA_METRICS } from "../sla/sla-policy";
import { CHART_FONT_FILES, chartSvg } from "./charts/chart-rendering";
import { CHART_FONT, chartsAltText, reportCharts } from "./charts/report-charts";
import type { Count, DeskReport } from "./desk-report";
import { formatMinutes, formatPeriod, formatRate } from "./report-format";

const words = {
  fr: {
    generated: (at: string) => `Établi le ${at}, temps ouvré sur le calendrier du service.`,
    charts: "Graphiques",
    chartNames: { daily: "Tickets ouverts et résolus par jour", commitments: "Engagements tenus", backlog: "Tickets encore ouverts, par âge" },
    times: "Délais en temps ouvré",
    step: "Étape",
    median: "Médiane",
    p90: "90e centile",
    mean: "Moyenne",
    count: "Tickets",
    targets: "Engagements",
    met: "Tenus",
    missed: "Manqués",
    running: "En cours",
    rate: "Taux",
    backlog: (at: string) => `Tickets encore ouverts au ${at}`,
    age: "Âge",
    open: "Ouverts",
    blocking: "Bloquants",
    oldest: (days: string) => `Le plus ancien a ${days}.`,
    buckets: ["moins d'un jour", "1 à 3 jours", "3 à 7 jours", "7 à 30 jours", "30 jours et plus"],
    profile: "Profil",
    opened: "Ouverts",
    resolved: "Résolus",
    resolveMedian: "Résolution (médiane)",
    satisfaction: "Satisfaction",
    item: "Élément",
    other: "Autres chiffres",
    dateFormat: "cccc d LLLL yyyy 'à' HH:mm",
  },
  en: {
    generated: (at: string) => `Made on ${at}; working time on the desk's calendar.`,
    charts: "Charts",
    chartNames: { daily: "Tickets opened and resolved per day", commitments: "Commitments met", backlog: "Tickets still open, by age" },
    times: "Working time taken",
    step: "Step",
    median: "Median",
    p90: "90th percentile",
    mean: "Mean",
    count: "Tickets",
    targets: "Commitments",
    met: "Met",
    missed: "Missed",
    running: "Running",
    rate: "Rate",
    backlog: (at: string) => `Tickets still open on ${at}`,
    age: "Age",
    open: "Open",
    blocking: "Blocking",
    oldest: (days: string) => `The oldest is ${days} old.`,
    buckets: ["under a day", "1 to 3 days", "3 to 7 days", "7 to 30 days", "30 days or more"],
    profile: "Profile",
    opened: "Opened",
    resolved: "Resolved",
    resolveMedian: "Resolution (median)",
    satisfaction: "Satisfaction",
    item: "Item",
    other: "Other figures",
    dateFormat: "cccc d LLLL yyyy 'at' HH:mm",
  },
};

/** Text for HTML: people's words and the configuration's labels never become markup. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);
}

/**
 * The report as one self-contained HTML page: the charts drawn inline as SVG, the font embedded, no script and no
 * request to anywhere (its Content-Security-Policy forbids both), so it can be mailed, archived or opened offline.
 */
export function reportPage(report: DeskReport, lang: Lang): string {
  const t = texts(lang);
  const r = t.report;
  const w = words[lang as keyof typeof words] ?? words.en;
  const { from, to } = formatPeriod(report, lang);
  const zone = report.timezone;
  const local = (iso: string, format: string) => DateTime.fromISO(iso, { zone }).setLocale(lang).toFormat(format);
  const table = (caption: string, head: string[], rows: Array<Array<string | number>>) =>
    `<table><caption>${escapeHtml(caption)}</caption><thead><tr>${head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join("")}</tr></thead>` +
    `<tbody>${rows.map((row) => `<tr>${row.map((cell, i) => (i === 0 ? `<th scope="row">${escapeHtml(String(cell))}</th>` : `<td>${escapeHtml(String(cell))}</td>`)).join("")}</tr>`).join("")}</tbody></table>`;
  const counts = (caption: string, list: Count[]) => table(caption, [w.item, w.count], list.length ? list.map((c) => [c.label, c.count]) : [[r.none, 0]]);

  const charts = reportCharts(report, lang)
    .map(({ id, option }) => {
      const name = w.chartNames[id as keyof typeof w.chartNames];
      // ECharts escapes the text it draws; the SVG goes in as it is.
      const svg = chartSvg(option).replace(/^<svg /, `<svg class="chart" role="img" aria-label="${escapeHtml(name)}" data-chart="${id}" `);
      return `<figure>${svg}<figcaption>${escapeHtml(name)}</figcaption></figure>`;
    })
    .join("\n");

  const backlogAt = local(report.backlog.at, "d LLLL yyyy");
  const sections = [
    `<header><h1>${escapeHtml(r.title(from, to))}</h1><p>${escapeHtml(w.generated(local(report.generatedAt, w.dateFormat)))}</p>` +
      `<p class="summary">${escapeHtml(r.tickets(report.tickets.created, report.tickets.incidents, report.tickets.requests, report.tickets.resolved, report.tickets.stillOpen))}</p></header>`,
    `<section><h2>${escapeHtml(w.charts)}</h2><p class="alt">${escapeHtml(chartsAltText(report, lang))}</p>\n${charts}</section>`,
    `<section>${table(w.times, [w.step, w.median, w.p90, w.mean, w.count], SLA_METRICS.map((m) => {
      const s = report.times[m];
      return [t.slaMetric[m], formatMinutes(s.medianMinutes), formatMinutes(s.p90Minutes), formatMinutes(s.meanMinutes), s.count];
    }))}</section>`,
    `<section>${table(w.targets, [w.step, w.met, w.missed, w.running, w.rate], SLA_METRICS.map((m) => {
      const s = report.sla[m];
      return [t.slaMetric[m], s.met, s.missed, s.pending, formatRate(s.metRate, lang) || "—"];
    }))}</section>`,
    `<section>${table(w.backlog(backlogAt), [w.age, w.open, w.blocking], report.backlog.buckets.map((b, i) => [w.buckets[i], b.open, b.blocking]))}` +
      (report.backlog.oldestDays === null ? "" : `<p>${escapeHtml(w.oldest(t.days(report.backlog.oldestDays)))}</p>`) + "</section>",
    `<section>${table(r.byProfile.replace(/ \(.*/, ""), [w.profile, w.opened, w.resolved, w.resolveMedian, ...SLA_METRICS.map((m) => t.slaMetric[m]), w.satisfaction],
      report.byProfile.map((p) => [
        p.label, p.created, p.resolved, formatMinutes(p.resolve.medianMinutes),
        ...SLA_METRICS.map((m) => formatRate(p.sla[m].metRate, lang) || "—"),
        p.satisfaction.average === null ? r.noSatisfaction : `${t.decimal(p.satisfaction.average)}/5 (${p.satisfaction.responses})`,
      ]))}</section>`,
    `<section class="counts">${counts(r.byCategory, report.byCategory)}${counts(r.byChannel, report.byChannel)}${counts(r.byPriority, report.byPriority)}</section>`,
    `<section><h2>${escapeHtml(w.other)}</h2><ul>${[
      r.escalations(report.escalations.count, formatRate(report.escalations.rate, lang), report.escalations.automatic),
      r.deflections(report.deflections.count, formatRate(report.deflections.rate, lang)),
      r.satisfaction(report.satisfaction.average === null ? "" : t.decimal(report.satisfaction.average), report.satisfaction.responses,
        report.satisfaction.distribution.map((n, i) => `${i + 1}★ ${n}`).join(", ")),
      r.majorIncidents(report.majorIncidents.declared),
    ].map((line) => `<li>${escapeHtml(lang === "en" ? line.replace(/ :/g, ":") : line)}</li>`).join("")}</ul></section>`,
  ];

  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:">
<title>${escapeHtml(r.title(from, to))}</title>
<style>
${fontFaces()}
body { font-family: "${CHART_FONT}", sans-serif; color: #222; margin: 2rem auto; max-width: 64rem; padding: 0 1rem; line-height: 1.4; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 2rem; }
figure { margin: 1rem 0; } svg.chart { max-width: 100%; height: auto; border: 1px solid #ddd; }
figcaption { font-size: .9rem; color: #555; }
.alt { font-size: .9rem; color: #555; }
table { border-collapse: collapse; margin: 1rem 0; } caption { text-align: left; font-weight: bold; padding: .3rem 0; }
th, td { border: 1px solid #ccc; padding: .3rem .6rem; text-align: right; } th[scope="row"], thead th:first-child { text-align: left; }
.counts { display: flex; flex-wrap: wrap; gap: 1.5rem; }
</style>
</head>
<body>
${sections.join("\n")}
</body>
</html>
`;
}

/** The charts' font, embedded so that the page looks the same offline and on a machine without it. */
function fontFaces(): string {
  const [regular, bold] = CHART_FONT_FILES.map((file) => readFileSync(file).toString("base64"));
  return [
    `@font-face { font-family: "${CHART_FONT}"; font-weight: normal; src: url(data:font/ttf;base64,${regular}) format("truetype"); }`,
    `@font-face { font-family: "${CHART_FONT}"; font-weight: bold; src: url(data:font/ttf;base64,${bold}) format("truetype"); }`,
  ].join("\n");
}
