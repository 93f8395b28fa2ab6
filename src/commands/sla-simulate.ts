import { DateTime } from "luxon";
import { parseArgs } from "node:util";
import { loadDeskConfig } from "../config/desk-config";
import { BusinessCalendar } from "../core/sla/business-calendar";
import { formatSimulationJson, formatSimulationText } from "../core/sla-simulator/simulation-format";
import { SlaRules } from "../core/sla-simulator/sla-replay";
import { SlaSimulator } from "../core/sla-simulator/sla-simulation";
import { readTicketHistories } from "../core/sla-simulator/ticket-history";
import type { CommandIo } from "./kb-search";
import { openDesk, type CommandContext } from "./open-desk";
import { parseCommandDate } from "./report-args";

export const SLA_SIMULATE_USAGE = `Usage: guichet sla simulate --config FILE [--since DATE] [--until DATE] [--format text|json] [--lang fr|en]

Replays the stored history of the tickets opened in a period (status changes, waits for the requester,
escalations, from the audit log) against the calendar and SLA policies of a candidate desk configuration,
and prints them beside the current ones: the commitments met, per commitment and per priority; the
reminders, breaches and automatic escalations that would have been sent; the tickets whose commitments
change from met to missed, and back. Nothing is written and nothing is sent.

  --config FILE  the candidate desk configuration (a copy of yours with other targets, calendar or delays)
  --since DATE   first day replayed (default: 30 days before --until)
  --until DATE   last day replayed (default: now)
  --format F     text (default) or json
  --lang L       language of the text (default: the desk's)

DATE is YYYY-MM-DD in the desk's time zone, or an ISO 8601 timestamp.
`;

/** `guichet sla simulate …`: 0 when printed, 1 when the desk cannot be read, 2 for bad arguments or a bad candidate. */
export async function runSlaSimulate(argv: string[], io: CommandIo, context: CommandContext = {}): Promise<number> {
  const fail = (message: string, code: number) => {
    io.stderr.write(`guichet sla simulate: ${message}\n${code === 2 ? `\n${SLA_SIMULATE_USAGE}` : ""}`);
    return code;
  };
  let values;
  try {
    values = parseArgs({
      args: argv,
      strict: true,
      options: { config: { type: "string" }, since: { type: "string" }, until: { type: "string" }, format: { type: "string" }, lang: { type: "string" } },
    }).values;
  } catch (error) {
    return fail((error as Error).message, 2);
  }
  if (values.config === undefined) return fail("--config is required (the candidate desk configuration)", 2);
  const format = values.format ?? "text";
  if (format !== "text" && format !== "json") return fail("--format must be text or json", 2);
  let candidateConfig;
  try {
    candidateConfig = loadDeskConfig(values.config);
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
    const now = context.now?.() ?? new Date();
    const zone = desk.config.calendar.timezone;
    const until = values.until === undefined ? now : parseCommandDate(values.until, zone, true);
    if (!until) return fail(`--until: "${values.until}" is not a date (YYYY-MM-DD)`, 2);
    const since = values.since === undefined ? DateTime.fromJSDate(until, { zone }).minus({ days: 30 }).toJSDate() : parseCommandDate(values.since, zone, false);
    if (!since) return fail(`--since: "${values.since}" is not a date (YYYY-MM-DD)`, 2);
    if (since.getTime() >= until.getTime()) return fail("--since must be before --until", 2);
    const lang = values.lang ?? desk.config.desk.defaultLocale;
    if (!desk.config.desk.languages.includes(lang)) return fail(`--lang must be one of the desk's languages: ${desk.config.desk.languages.join(", ")}`, 2);

    const simulator = new SlaSimulator(
      new SlaRules(desk.config, desk.calendar),
      new SlaRules(candidateConfig, new BusinessCalendar(candidateConfig.calendar)),
      now.getTime(),
    );
    for await (const batch of readTicketHistories(desk.store.manager, since, until)) simulator.add(batch);
    const run = { since, until, now, timezone: zone, candidateFile: values.config };
    io.stdout.write(format === "json" ? formatSimulationJson(simulator.simulation, run) : formatSimulationText(simulator.simulation, run, lang));
    return 0;
  } finally {
    await desk.store.close();
  }
}
