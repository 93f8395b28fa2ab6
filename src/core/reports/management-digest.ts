import { DateTime } from "luxon";
import type { DeskContext } from "../desk-context";
import type { MessageView } from "../messages/message-view";
import { texts } from "../messages/texts";
import { recordNotice } from "../notices/notice-log";
import { enqueueOutbound } from "../outbox/outbox";
import { configuredPlaces, consolePlaces } from "../tickets/ticket-threads";
import { buildDeskReport, type DeskReport } from "./desk-report";
import { formatPeriod, formatRate, formatReportText } from "./report-format";

/** The digest's key: one per scheduled run, whichever instance makes it and however often it is asked. */
export function digestKey(runAt: Date): string {
  return `digest:${runAt.toISOString()}`;
}

/**
 * The management digest: the report of the `days` before `runAt` (the scheduled instant), posted to the management
 * place on every active platform. Recorded under the run's key in the same transaction as its messages, so it goes
 * once even when two instances, or a catch-up after a restart, ask for the same run. No chart image: Slack and Teams
 * show the figures as text and fields, and a picture would need an upload path the channels do not have yet.
 */
export async function postManagementDigest(ctx: DeskContext, runAt: Date, days: number): Promise<DeskReport | null> {
  const lang = ctx.config.desk.defaultLocale;
  const since = DateTime.fromJSDate(runAt, { zone: ctx.config.calendar.timezone }).minus({ days }).toJSDate();
  return ctx.store.transaction(async (manager) => {
    if (!(await recordNotice(manager, { key: digestKey(runAt), kind: "digest", at: ctx.now() }))) return null;
    const report = await buildDeskReport(manager, ctx.config, ctx.calendar, { since, until: runAt }, ctx.now(), lang);
    const view = digestView(report, lang);
    const places = configuredPlaces(ctx.config.management, consolePlaces.management, ctx.platforms());
    await enqueueOutbound(manager, places.map((place) => ({
      platform: place.platform, conversation: place.conversation, view, dedupeKey: `${digestKey(runAt)}:${place.platform}:${place.conversation}`,
    })));
    return report;
  });
}

/** The digest as a view: the headline figures as fields (Block Kit / FactSet), the whole report as text. */
export function digestView(report: DeskReport, lang: "fr" | "en"): MessageView {
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
