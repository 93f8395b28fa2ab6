import { DateTime } from "luxon";
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { reportPicture } from "../core/reports/charts/chart-rendering";
import { buildDeskReport } from "../core/reports/desk-report";
import { formatReport } from "../core/reports/report-format";
import { reportPage } from "../core/reports/report-page";
import type { CommandIo } from "./kb-search";
import { openDesk, type CommandContext } from "./open-desk";
import { parseCommandDate } from "./report-args";

export const REPORT_USAGE = `Usage: guichet report [--since DATE] [--until DATE] [--format text|csv|json|html|png] [--output FILE] [--lang fr|en]

Prints the service desk's figures for the tickets opened in a period: volumes by category, channel,
priority and profile; median, 90th percentile and mean working time to acknowledge, take in charge,
answer and resolve; commitments met; escalation rate; questions solved by the knowledge base;
satisfaction; tickets opened and resolved per day; the tickets still open at the end, by age.

  --since DATE   first day counted (default: 7 days before --until)
  --until DATE   last day counted (default: now)
  --format F     text (default); csv (section,item,value rows); json; html (one self-contained page with
                 the charts and tables, no script); png (the digest's three charts)
  --output FILE  write to FILE instead of standard output
  --lang L       language of the text, page and charts (default: the desk's)

DATE is YYYY-MM-DD in the desk's time zone, or an ISO 8601 timestamp. The database and the desk
configuration are those of the desk (DATABASE_URL or GUICHET_DB_FILE, GUICHET_DESK_CONFIG).
`;


/** `guichet report …`: 0 when printed, 1 when the desk cannot be read, 2 for bad arguments. */
export async function runReport(argv: string[], io: CommandIo, context: CommandContext = {}): Promise<number> {
  const fail = (message: string, code: number) => {
    io.stderr.write(`guichet report: ${message}\n${code === 2 ? `\n${REPORT_USAGE}` : ""}`);
    return code;
  };
  let values;
  try {
    values = parseArgs({
      args: argv,
      strict: true,
      options: { since: { type: "string" }, until: { type: "string" }, format: { type: "string" }, lang: { type: "string" }, output: { type: "string" } },
    }).values;
  } catch (error) {
    return fail((error as Error).message, 2);
  }
  const format = values.format ?? "text";
  if (!["text", "csv", "json", "html", "png"].includes(format)) return fail("--format must be text, csv, json, html or png", 2);

  let desk;
  try {
    desk = await openDesk(context);
  } catch (error) {
    return fail((error as Error).message, 1);
  }
  try {
    const now = context.now?.() ?? new Date();
    const zone = desk.config.calendar.timezone;
    const until = values.until === undefined ? now : parseCommandDate(values.until, zone, true);
    if (!until) return fail(`--until: "${values.until}" is not a date (YYYY-MM-DD)`, 2);
    const since = values.since === undefined ? DateTime.fromJSDate(until, { zone }).minus({ days: 7 }).toJSDate() : parseCommandDate(values.since, zone, false);
    if (!since) return fail(`--since: "${values.since}" is not a date (YYYY-MM-DD)`, 2);
    if (since.getTime() >= until.getTime()) return fail("--since must be before --until", 2);
    const lang = values.lang ?? desk.config.desk.defaultLocale;
    if (!desk.config.desk.languages.includes(lang)) return fail(`--lang must be one of the desk's languages: ${desk.config.desk.languages.join(", ")}`, 2);
    const report = await buildDeskReport(desk.store.manager, desk.config, desk.calendar, { since, until }, now, lang);
    const output =
      format === "png" ? reportPicture(report, lang).png
      : format === "html" ? reportPage(report, lang)
      : formatReport(report, format as "text" | "csv" | "json", lang);
    if (values.output === undefined) {
      io.stdout.write(output);
      return 0;
    }
    try {
      writeFileSync(values.output, output);
    } catch (error) {
      return fail(`cannot write ${values.output}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, 1);
    }
    return 0;
  } finally {
    await desk.store.close();
  }
}
