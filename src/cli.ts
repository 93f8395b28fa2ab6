#!/usr/bin/env node
import "reflect-metadata";
// The commands read the same .env as `npm start`: the same database, configuration and knowledge base.
import "dotenv/config";
import { runBackup, runRestore } from "./commands/backup";
import { runDoctorCommand } from "./commands/doctor";
import { runKbSearch } from "./commands/kb-search";
import { runKbUsage } from "./commands/kb-usage";
import { runExport } from "./commands/export";
import { runReport } from "./commands/report";
import { runSlaSimulate } from "./commands/sla-simulate";

const USAGE = [
  "Usage: guichet <command>",
  "  guichet kb search \"TEXT\" [--kb DIR] [--limit N] [--lang fr|en] [--json] [--batch]",
  "  guichet kb usage [--since DATE] [--until DATE] [--json]   articles that help, never help, missing ones",
  "  guichet report [--since DATE] [--until DATE] [--format text|csv|json|html|png] [--output FILE]   the management figures",
  "  guichet export --since DATE [--until DATE] [--output FILE]            tickets as CSV",
  "  guichet export --open-at DATE [--output FILE]                         the tickets open at a date, with their age",
  "  guichet doctor                checks the set-up: configuration, database, Slack, Teams, outbox",
  "  guichet backup FILE           a consistent copy of the SQLite database, while guichet runs",
  "  guichet restore FILE          puts a backup back in place (guichet must be stopped)",
  "  guichet sla simulate --config FILE [--since DATE] [--until DATE]      replay tickets against candidate SLA rules",
  "  guichet start                 run the desk (same as npm start)",
].join("\n");

/** The `guichet` command: each sub-command lives in src/commands/. */
async function cli(argv: string[]): Promise<number> {
  const io = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
  const [command, sub, ...rest] = argv;
  if (command === "kb" && sub === "search") return runKbSearch(rest, io);
  if (command === "kb" && sub === "usage") return runKbUsage(rest, io);
  if (command === "report") return runReport(argv.slice(1), io);
  if (command === "export") return runExport(argv.slice(1), io);
  if (command === "doctor") return runDoctorCommand(argv.slice(1), io);
  if (command === "backup") return runBackup(argv.slice(1), io);
  if (command === "restore") return runRestore(argv.slice(1), io);
  if (command === "sla" && sub === "simulate") return runSlaSimulate(rest, io);
  if (command === "start") {
    await import("./main");
    return new Promise<number>(() => undefined);
  }
  const help = command === undefined || command === "help" || command === "--help";
  if (!help) process.stderr.write(`guichet: unknown command "${[command, ...(command === "kb" || command === "sla" ? [sub ?? ""] : [])].join(" ").trim()}"\n`);
  process.stderr.write(`${USAGE}\n`);
  return help ? 0 : 2;
}

cli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`guichet: ${(error as Error).message}\n`);
    process.exitCode = 1;
  },
);
