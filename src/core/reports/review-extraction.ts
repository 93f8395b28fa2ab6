import { DateTime } from "luxon";
import type { DeskContext } from "../desk-context";
import type { MessageView } from "../messages/message-view";
import { texts } from "../messages/texts";
import { isNoticeRecorded, recordNotice } from "../notices/notice-log";
import { enqueueOutbound } from "../outbox/outbox";
import { configuredPlaces, consolePlaces } from "../tickets/ticket-threads";
import { openTicketsAt } from "./open-tickets";
import { exportOpenTicketsCsv } from "./tickets-export";

/** One extraction per scheduled run, whichever instance makes it. */
export function extractionKey(runAt: Date): string {
  return `extraction:${runAt.toISOString()}`;
}

/** The extraction names requesters and ticket titles: kept (and served) a month, no more. */
const CSV_KEEP_DAYS = 30;
/** Tickets named in the message itself; the CSV has them all. */
const LISTED = 10;

/**
 * The review-meeting extraction (seed 000: « une extraction des dernières demandes … un suivi des anciens tickets,
 * notamment des tickets bloquants »): the tickets open at `runAt` as the CSV of `guichet export --open-at`, posted to
 * the management place with the figures and the blocking and oldest tickets named. Slack gets the CSV as a file;
 * Teams, which takes no file from a bot in a channel without Microsoft Graph, gets the same figures and names and a
 * link to the CSV when guichet has a public address. Recorded under the run's key with its messages and its file.
 */
export async function postReviewExtraction(ctx: DeskContext, runAt: Date): Promise<{ open: number; blocking: number } | null> {
  const lang = ctx.config.desk.defaultLocale;
  const t = texts(lang).extraction;
  const zone = ctx.config.calendar.timezone;
  if (await ctx.store.transaction((manager) => isNoticeRecorded(manager, extractionKey(runAt)))) return null;
  const { csv, open } = await ctx.store.transaction(async (manager) => {
    const lines: string[] = [];
    for await (const line of exportOpenTicketsCsv(manager, ctx.config, ctx.calendar, runAt, ctx.now())) lines.push(line);
    const tickets: Array<{ id: number; title: string; days: number; blocking: boolean }> = [];
    for await (const batch of openTicketsAt(manager, runAt)) {
      for (const { ticket } of batch) tickets.push({ id: ticket.id, title: ticket.title, days: (runAt.getTime() - ticket.createdAt.getTime()) / 86_400_000, blocking: ticket.blocking });
    }
    return { csv: lines.join(""), open: tickets };
  });
  const blocking = open.filter((o) => o.blocking).length;
  const listed = [...open].sort((a, b) => Number(b.blocking) - Number(a.blocking) || b.days - a.days).slice(0, LISTED);
  const at = DateTime.fromJSDate(runAt, { zone }).setLocale(lang).toFormat(lang === "fr" ? "cccc d LLLL yyyy 'à' HH:mm" : "cccc d LLLL yyyy 'at' HH:mm");
  const date = DateTime.fromJSDate(runAt, { zone }).toISODate() as string;

  return ctx.store.transaction(async (manager) => {
    if (!(await recordNotice(manager, { key: extractionKey(runAt), kind: "extraction", at: ctx.now() }))) return null;
    await ctx.files.prune(manager, ctx.now());
    // A UTF-8 byte-order mark, so that a spreadsheet opened with a double-click reads the accents right.
    const file = await ctx.files.publish(manager, {
      name: t.file(date), contentType: "text/csv", data: Buffer.from(`\ufeff${csv}`, "utf8"), keepDays: CSV_KEEP_DAYS, title: t.fileTitle(at),
    }, ctx.now());
    const oldest = open.length ? Math.max(...open.map((o) => o.days)) : 0;
    const view: MessageView = {
      kind: "report",
      lang,
      title: t.title(at),
      text: [
        t.summary(open.length, blocking, oldest),
        ...(listed.length ? [t.oldest, ...listed.map((o) => t.line(o.id, o.title, texts(lang).decimal(o.days), o.blocking))] : []),
      ].join("\n"),
      files: [file],
    };
    const places = configuredPlaces(ctx.config.management, consolePlaces.management, ctx.platforms());
    await enqueueOutbound(manager, places.map((place) => ({
      platform: place.platform, conversation: place.conversation, view, dedupeKey: `${extractionKey(runAt)}:${place.platform}:${place.conversation}`,
    })));
    return { open: open.length, blocking };
  });
}
