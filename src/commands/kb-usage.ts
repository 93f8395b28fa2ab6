import { parseArgs } from "node:util";
import { DEFAULT_KB_DIR } from "../app";
import { readEnv } from "../config/env";
import { loadKnowledgeBase } from "../core/knowledge/kb-loader";
import { formatKnowledgeUsage, knowledgeUsageReport } from "../core/knowledge-usage/usage-report";
import type { CommandIo } from "./kb-search";
import { openDesk, type CommandContext } from "./open-desk";
import { parseCommandDate } from "./report-args";

const USAGE = "Usage: guichet kb usage [--since DATE] [--until DATE] [--json] [--kb DIR]";

/**
 * `guichet kb usage`: which articles help, which never do, which questions found nothing (default: the last
 * 30 days). Dates are read in the desk's time zone, as `guichet report` reads them.
 */
export async function runKbUsage(argv: string[], io: CommandIo, context: CommandContext = {}): Promise<number> {
  const fail = (message: string, code: number) => {
    io.stderr.write(`guichet kb usage: ${message}\n${code === 2 ? `${USAGE}\n` : ""}`);
    return code;
  };
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: { since: { type: "string" }, until: { type: "string" }, json: { type: "boolean" }, kb: { type: "string" } },
    }));
  } catch (error) {
    return fail((error as Error).message, 2);
  }
  let desk;
  try {
    desk = await openDesk(context);
  } catch (error) {
    return fail((error as Error).message, 1);
  }
  try {
    const zone = desk.config.calendar.timezone;
    const until = values.until === undefined ? (context.now?.() ?? new Date()) : parseCommandDate(values.until, zone, true);
    if (!until) return fail(`--until: "${values.until}" is not a date (YYYY-MM-DD)`, 2);
    const since = values.since === undefined ? new Date(until.getTime() - 30 * 86_400_000) : parseCommandDate(values.since, zone, false);
    if (!since) return fail(`--since: "${values.since}" is not a date (YYYY-MM-DD)`, 2);
    const kbDir = values.kb ?? readEnv(context.env ?? process.env).GUICHET_KB_DIR ?? DEFAULT_KB_DIR;
    const { articles } = await loadKnowledgeBase(kbDir);
    const published = articles.filter((a) => a.status === "published");
    const report = await knowledgeUsageReport(desk.store.manager, published, since, until);
    io.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatKnowledgeUsage(report, zone)}\n`);
    return 0;
  } finally {
    await desk.store.close();
  }
}
