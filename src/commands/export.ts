import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { parseArgs } from "node:util";
import { exportOpenTicketsCsv, exportTicketsCsv } from "../core/reports/tickets-export";
import type { CommandIo } from "./kb-search";
import { parseCommandDate } from "./report-args";
import { openDesk, type CommandContext } from "./open-desk";

export const EXPORT_USAGE = `Usage: guichet export --since DATE [--until DATE] [--output FILE]
       guichet export --open-at DATE [--output FILE]

Writes tickets as CSV (RFC 4180, UTF-8, one ticket a row) for review meetings: dates in the desk's time
zone, working minutes to take in charge, answer and resolve, satisfaction, profile, blocking tag (1 or 0).
Text cells that a spreadsheet would run as a formula are prefixed with a quote.

  --since DATE    the tickets opened from DATE on
  --until DATE    ... up to and including DATE (default: up to now)
  --open-at DATE  the tickets open at DATE (a day alone: at its start), oldest first, with their status
                  then and their age in days and working days
  --output FILE   write to FILE instead of standard output

DATE is YYYY-MM-DD in the desk's time zone, or an ISO 8601 timestamp.
`;

/** `guichet export …`: 0 when written, 1 when the desk or the file cannot be opened, 2 for bad arguments. */
export async function runExport(argv: string[], io: CommandIo, context: CommandContext = {}): Promise<number> {
  const fail = (message: string, code: number) => {
    io.stderr.write(`guichet export: ${message}\n${code === 2 ? `\n${EXPORT_USAGE}` : ""}`);
    return code;
  };
  let values;
  try {
    values = parseArgs({
      args: argv,
      strict: true,
      options: { since: { type: "string" }, until: { type: "string" }, "open-at": { type: "string" }, output: { type: "string" } },
    }).values;
  } catch (error) {
    return fail((error as Error).message, 2);
  }
  const openAt = values["open-at"];
  if (openAt !== undefined && (values.since !== undefined || values.until !== undefined)) return fail("--open-at goes alone, without --since or --until", 2);
  if (openAt === undefined && values.since === undefined) return fail("--since or --open-at is required", 2);

  let desk;
  try {
    desk = await openDesk(context);
  } catch (error) {
    return fail((error as Error).message, 1);
  }
  try {
    const zone = desk.config.calendar.timezone;
    const now = context.now?.() ?? new Date();
    let lines: AsyncGenerator<string>;
    if (openAt !== undefined) {
      const at = parseCommandDate(openAt, zone, false);
      if (!at) return fail(`--open-at: "${openAt}" is not a date (YYYY-MM-DD)`, 2);
      if (at.getTime() > now.getTime()) return fail("--open-at is in the future", 2);
      lines = exportOpenTicketsCsv(desk.store.manager, desk.config, desk.calendar, at, now);
    } else {
      const since = parseCommandDate(values.since as string, zone, false);
      if (!since) return fail(`--since: "${values.since}" is not a date (YYYY-MM-DD)`, 2);
      const until = values.until === undefined ? undefined : parseCommandDate(values.until, zone, true);
      if (until === null) return fail(`--until: "${values.until}" is not a date (YYYY-MM-DD)`, 2);
      lines = exportTicketsCsv(desk.store.manager, desk.config, desk.calendar, { since, until }, now);
    }
    const out = values.output ? createWriteStream(values.output) : io.stdout;
    if (values.output) {
      try {
        await once(out, "open");
      } catch (error) {
        return fail(`cannot write ${values.output}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, 1);
      }
    }
    for await (const line of lines) {
      // Honour back-pressure: a large export to a slow pipe waits instead of filling memory.
      if (!out.write(line)) await once(out, "drain");
    }
    if (values.output) await new Promise<void>((resolve, reject) => (out as NodeJS.WritableStream).end((error?: Error | null) => (error ? reject(error) : resolve())));
    return 0;
  } finally {
    await desk.store.close();
  }
}
