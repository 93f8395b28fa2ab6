import { DateTime } from "luxon";
import type { DeskContext } from "../desk-context";
import type { Lang } from "../knowledge/article";
import type { MessageView } from "../messages/message-view";
import { texts } from "../messages/texts";
import { isNoticeRecorded, recordNotice } from "../notices/notice-log";
import { enqueueOutbound } from "../outbox/outbox";
import { configuredPlaces, consolePlaces } from "../tickets/ticket-threads";
import { reportPicture, reportPreview } from "./charts/chart-rendering";
import { buildDeskReport, type DeskReport } from "./desk-report";
import { formatPeriod, formatRate, formatReportText } from "./report-format";

/** The digest's key: one per scheduled run, whichever instance makes it and however often it is asked. */
export function digestKey(runAt: Date): string {
  return `digest:${runAt.toISOString()}`;
}

/** How long the digest's chart is kept (and served to Teams): a quarter of weekly digests. */
const CHART_KEEP_DAYS = 92;

/**
 * The management digest: the report of the `days` before `runAt` (the scheduled instant), posted to the management
 * place on every active platform, with its charts as one picture (uploaded to Slack, shown in the Teams card).
 * Recorded under the run's key in the same transaction as its messages and its picture, so it goes once even when
 * two instances, or a catch-up after a restart, ask for the same run; the outbox uploads the picture, so an outage
 * or a restart only delays it. The report is read and drawn before that transaction, which stays short.
 */
export async function postManagementDigest(ctx: DeskContext, runAt: Date, days: number): Promise<DeskReport | null> {
  const lang = ctx.config.desk.defaultLocale;
  const zone = ctx.config.calendar.timezone;
  const since = DateTime.fromJSDate(runAt, { zone }).minus({ days }).toJSDate();
  if (await ctx.store.transaction((manager) => isNoticeRecorded(manager, digestKey(runAt)))) return null;
  const report = await ctx.store.transaction((manager) => buildDeskReport(manager, ctx.config, ctx.calendar, { since, until: runAt }, ctx.now(), lang));
  const picture = reportPicture(report, lang);
  const preview = reportPreview(report, lang);
  const { from, to } = formatPeriod(report, lang);
  return ctx.store.transaction(async (manager) => {
    if (!(await recordNotice(manager, { key: digestKey(runAt), kind: "digest", at: ctx.now() }))) return null;
    await ctx.files.prune(manager, ctx.now());
    const chart = await ctx.files.publish(manager, {
      name: texts(lang).report.chartFile(DateTime.fromJSDate(runAt, { zone }).toISODate() ?? ""),
      contentType: "image/png",
      data: picture.png,
      keepDays: CHART_KEEP_DAYS,
      title: texts(lang).report.title(from, to),
      altText: picture.altText,
      preview,
    }, ctx.now());
    const view: MessageView = { ...digestView(report, lang), files: [chart] };
    const places = configuredPlaces(ctx.config.management, consolePlaces.management, ctx.platforms());
    await enqueueOutbound(manager, places.map((place) => ({
      platform: place.platform, conversation: place.conversation, view, dedupeKey: `${digestKey(runAt)}:${place.platform}:${place.conversation}`,
    })));
    return report;
  });
}

/** The digest as a view: the headline figures as fields (Block Kit / FactSet), the whole report as text. */
export function digestView(report: DeskReport, lang: Lang): MessageView {
  const t = texts(lang);
  const { from, to } = formatPeriod(report, lang);
  const met = (m: keyof DeskReport["sla"]) => formatRate(report.sla[m].metRate, lang) || "—";
  return {
    kind: "report",
    lang,
    title: t.digestTitle(from, to),
    fields: [
      { label: t.report.byCategory, value: report.byCategory.slice(0, 3).map((c) => `${c.label} ${c.count}`).join(" · ") || t.report.none },
      { label: `${t.report.targets} · ${t.slaMetric.take_in_charge}`, value: met("take_in_charge") },
      { label: `${t.report.targets} · ${t.slaMetric.first_answer}`, value: met("first_answer") },
      { label: `${t.report.targets} · ${t.slaMetric.resolve}`, value: met("resolve") },
    ],
    text: formatReportText(report, lang),
  };
}
