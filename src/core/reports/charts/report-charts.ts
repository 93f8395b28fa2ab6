import type { EChartsCoreOption } from "echarts/core";
import { DateTime } from "luxon";
import type { Lang } from "../../knowledge/article";
import { texts } from "../../messages/texts";
import { SLA_METRICS } from "../../sla/sla-policy";
import type { DeskReport } from "../desk-report";
import { formatRate } from "../report-format";

/**
 * The report's three charts as Apache ECharts options, pure functions of the report: tickets opened and resolved per
 * day, commitments met, and the backlog by age. Colours are Okabe and Ito's palette, told apart by people with any
 * common colour blindness, and every bar carries its value as text, so no figure depends on a colour alone.
 */
export const PALETTE = {
  blue: "#0072B2",
  orange: "#E69F00",
  green: "#009E73",
  vermillion: "#D55E00",
  sky: "#56B4E9",
  text: "#222222",
  grid: "#DDDDDD",
} as const;

/** The one font of the charts, shipped with guichet (fonts/), so that text renders on a machine without any. */
export const CHART_FONT = "DejaVu Sans";

/** Each chart's size in pixels: a chat window shows three stacked at this width without scaling them much. */
export const CHART_WIDTH = 760;
export const CHART_HEIGHT = 300;

const words = {
  fr: {
    daily: "Tickets ouverts et résolus par jour",
    opened: "ouverts",
    resolved: "résolus",
    tickets: "tickets",
    commitments: "Engagements tenus (part des tickets mesurés)",
    met: "tenus",
    missed: "manqués",
    percent: "%",
    backlog: (at: string) => `Tickets encore ouverts au ${at}, par âge`,
    blocking: "bloquants",
    others: "autres",
    buckets: ["< 1 j", "1 à 3 j", "3 à 7 j", "7 à 30 j", "30 j et plus"],
    age: "âge",
    dayLabel: "ccc d",
    atFormat: "d LLLL yyyy",
  },
  en: {
    daily: "Tickets opened and resolved per day",
    opened: "opened",
    resolved: "resolved",
    tickets: "tickets",
    commitments: "Commitments met (share of the tickets measured)",
    met: "met",
    missed: "missed",
    percent: "%",
    backlog: (at: string) => `Tickets still open on ${at}, by age`,
    blocking: "blocking",
    others: "others",
    buckets: ["< 1 d", "1 to 3 d", "3 to 7 d", "7 to 30 d", "30 d or more"],
    age: "age",
    dayLabel: "ccc d",
    atFormat: "d LLLL yyyy",
  },
};

/** What every chart shares: no animation (rendered once, on a server), the shipped font, a white background. */
function base(title: string): EChartsCoreOption {
  return {
    animation: false,
    backgroundColor: "#FFFFFF",
    textStyle: { fontFamily: CHART_FONT, color: PALETTE.text, fontSize: 13 },
    title: { text: title, left: 12, top: 8, textStyle: { fontFamily: CHART_FONT, fontSize: 15, fontWeight: "bold", color: PALETTE.text } },
    legend: { top: 36, right: 16, itemWidth: 14, itemHeight: 12, itemGap: 24, textStyle: { fontFamily: CHART_FONT, fontSize: 13 } },
    grid: { left: 64, right: 24, top: 72, bottom: 40, containLabel: false },
  };
}

const label = (position: string, color: string = PALETTE.text) => ({
  show: true,
  position,
  fontFamily: CHART_FONT,
  fontSize: 12,
  color,
  // No "0" over an empty bar: it reads like a bar.
  formatter: (p: { value: number }) => (p.value ? String(p.value) : ""),
});

/** Tickets opened and resolved each day of the period, side by side. */
export function dailyChart(report: DeskReport, lang: Lang): EChartsCoreOption {
  const w = words[lang as keyof typeof words] ?? words.en;
  const day = (iso: string) => DateTime.fromISO(iso, { zone: report.timezone }).setLocale(lang).toFormat(w.dayLabel);
  return {
    ...base(w.daily),
    xAxis: { type: "category", data: report.daily.map((d) => day(d.date)), axisLabel: { fontFamily: CHART_FONT, fontSize: 12, interval: 0, hideOverlap: true } },
    yAxis: { type: "value", name: w.tickets, minInterval: 1, nameTextStyle: { fontFamily: CHART_FONT, fontSize: 12 }, splitLine: { lineStyle: { color: PALETTE.grid } } },
    series: [
      { name: w.opened, type: "bar", data: report.daily.map((d) => d.opened), itemStyle: { color: PALETTE.blue }, label: label("top") },
      { name: w.resolved, type: "bar", data: report.daily.map((d) => d.resolved), itemStyle: { color: PALETTE.orange }, label: label("top") },
    ],
  };
}

/** Each commitment's met and missed shares of the tickets measured, with the rate and the counts as text. */
export function commitmentsChart(report: DeskReport, lang: Lang): EChartsCoreOption {
  const w = words[lang as keyof typeof words] ?? words.en;
  const t = texts(lang);
  const metrics = [...SLA_METRICS].reverse();
  const share = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10);
  return {
    ...base(w.commitments),
    grid: { left: 170, right: 24, top: 72, bottom: 40 },
    xAxis: { type: "value", max: 100, name: w.percent, axisLabel: { fontFamily: CHART_FONT, formatter: "{value}" }, splitLine: { lineStyle: { color: PALETTE.grid } } },
    yAxis: { type: "category", data: metrics.map((m) => t.slaMetric[m]), axisLabel: { fontFamily: CHART_FONT, fontSize: 12 } },
    series: [
      {
        name: w.met,
        type: "bar",
        stack: "measured",
        itemStyle: { color: PALETTE.green },
        data: metrics.map((m) => share(report.sla[m].met, report.sla[m].met + report.sla[m].missed)),
        label: {
          show: true,
          position: "insideLeft",
          fontFamily: CHART_FONT,
          fontSize: 12,
          color: "#FFFFFF",
          formatter: (p: { dataIndex: number }) => {
            const s = report.sla[metrics[p.dataIndex]];
            return s.met + s.missed === 0 ? "" : `${formatRate(s.metRate, lang)} (${s.met}/${s.met + s.missed})`;
          },
        },
      },
      {
        name: w.missed,
        type: "bar",
        stack: "measured",
        itemStyle: { color: PALETTE.vermillion },
        data: metrics.map((m) => share(report.sla[m].missed, report.sla[m].met + report.sla[m].missed)),
      },
    ],
  };
}

/** The tickets still open at the end of the period by age, the blocking ones apart. */
export function backlogChart(report: DeskReport, lang: Lang): EChartsCoreOption {
  const w = words[lang as keyof typeof words] ?? words.en;
  const at = DateTime.fromISO(report.backlog.at, { zone: report.timezone }).setLocale(lang).toFormat(w.atFormat);
  return {
    ...base(w.backlog(at)),
    xAxis: { type: "category", name: w.age, data: w.buckets, axisLabel: { fontFamily: CHART_FONT, fontSize: 12, interval: 0 } },
    yAxis: { type: "value", name: w.tickets, minInterval: 1, nameTextStyle: { fontFamily: CHART_FONT, fontSize: 12 }, splitLine: { lineStyle: { color: PALETTE.grid } } },
    series: [
      { name: w.blocking, type: "bar", stack: "open", data: report.backlog.buckets.map((b) => b.blocking), itemStyle: { color: PALETTE.vermillion }, label: label("inside", "#FFFFFF") },
      { name: w.others, type: "bar", stack: "open", data: report.backlog.buckets.map((b) => b.open - b.blocking), itemStyle: { color: PALETTE.sky }, label: label("inside") },
    ],
  };
}

/** The three charts, in the order the digest and the page show them. */
export function reportCharts(report: DeskReport, lang: Lang): Array<{ id: string; option: EChartsCoreOption }> {
  return [
    { id: "daily", option: dailyChart(report, lang) },
    { id: "commitments", option: commitmentsChart(report, lang) },
    { id: "backlog", option: backlogChart(report, lang) },
  ];
}

/** What the picture shows, in one sentence per chart: the alternative text for screen readers and for chats without it. */
export function chartsAltText(report: DeskReport, lang: Lang): string {
  const t = texts(lang);
  const w = words[lang as keyof typeof words] ?? words.en;
  const opened = report.daily.reduce((n, d) => n + d.opened, 0);
  const resolved = report.daily.reduce((n, d) => n + d.resolved, 0);
  const rates = SLA_METRICS.map((m) => `${t.slaMetric[m]} ${formatRate(report.sla[m].metRate, lang) || "—"}`).join(", ");
  const at = DateTime.fromISO(report.backlog.at, { zone: report.timezone }).setLocale(lang).toFormat(w.atFormat);
  return lang === "fr"
    ? `${w.daily} : ${opened} ouvert${plural(opened)}, ${resolved} résolu${plural(resolved)} sur ${report.daily.length} jours. ${w.commitments} : ${rates}. ${w.backlog(at)} : ${report.backlog.open}, dont ${report.backlog.blocking} bloquant${plural(report.backlog.blocking)}.`
    : `${w.daily}: ${opened} opened, ${resolved} resolved over ${report.daily.length} days. ${w.commitments}: ${rates}. ${w.backlog(at)}: ${report.backlog.open}, ${report.backlog.blocking} of them blocking.`;
}

/** French plural: 0 and 1 take the singular. */
function plural(count: number): string {
  return count > 1 ? "s" : "";
}
