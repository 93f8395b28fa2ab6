// `npm run load [-- options]`: guichet in Slack's HTTP mode under a fixed rate of requester messages, beside a bare
// Bolt app, both against the local fake Web API. Everything runs on 127.0.0.1. `npm run load -- --help` lists options.
import { randomBytes } from "node:crypto";
import { cpus } from "node:os";
import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { PACKAGE_ROOT } from "../../src/config/env";
import { BOT_ID, BOT_USER_ID, FakeSlackApi } from "../channels/slack/support/fake-slack-api";
import { SIGNING_SECRET, slackDeskConfigText } from "../channels/slack/support/slack-test-desk";
import { freePort, GuichetProcess } from "../support/guichet-process";
import { postgresAt, SQLITE, type DatabaseKind } from "./load-databases";
import { cpuSeconds, loadAverage, peakRssMiB } from "./process-usage";
import { percentile, runRate, type RateResult } from "./rate-run";
import { loadMessages } from "./requester-messages";

const HELP = `npm run load -- [options]
  --rates 50,100,200,300,500   requester messages per second, one run each
  --duration 15                seconds of sending per rate
  --latency 50                 milliseconds the fake Web API takes to answer each call
  --grace 30                   seconds to wait for the last answers before counting them missing
  --per-requester 3            messages each requester writes: the number of distinct people follows the volume,
                               so a third of the messages are first contacts (a profile lookup) at every rate
  --targets guichet,bolt       what to measure (bolt: a bare Bolt app answering "ok")
  --databases sqlite,postgres  guichet's databases (postgres needs DATABASE_URL, a server on 127.0.0.1;
                               the database it names is EMPTIED before each run: give it one of its own)
  --guichet FILE               the guichet to measure (default: this build's dist/src/main.js), e.g. another
                               worktree's, to compare two versions in the same conditions
  --profile DIR                write guichet's CPU profile of each run (node --cpu-prof) to DIR
  --json FILE                  also write the figures as JSON
GUICHET_OUTBOX_CONCURRENCY in the environment is passed to guichet.`;

interface Row extends RateResult {
  target: string;
  cpuMsPerMessage: number;
  cpuPercent: number;
  peakRssMiB: number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rates: { type: "string", default: "50,100,200,300,500" },
      duration: { type: "string", default: "15" },
      latency: { type: "string", default: "50" },
      grace: { type: "string", default: "30" },
      "per-requester": { type: "string", default: "3" },
      targets: { type: "string", default: "guichet,bolt" },
      databases: { type: "string" },
      profile: { type: "string" },
      guichet: { type: "string" },
      json: { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const rates = values.rates.split(",").map(Number);
  const durationS = Number(values.duration);
  const latencyMs = Number(values.latency);
  const graceMs = Number(values.grace) * 1000;
  const perRequester = Number(values["per-requester"]);
  const targets = values.targets.split(",");
  const databaseUrl = process.env.DATABASE_URL;
  const databaseNames = (values.databases ?? (databaseUrl ? "sqlite,postgres" : "sqlite")).split(",");
  const databases: DatabaseKind[] = [];
  if (databaseNames.includes("sqlite")) databases.push(SQLITE);
  if (databaseNames.includes("postgres")) {
    if (!databaseUrl) throw new Error("--databases postgres needs DATABASE_URL (a PostgreSQL server on 127.0.0.1)");
    if (!["127.0.0.1", "localhost", "[::1]"].includes(new URL(databaseUrl).hostname)) {
      throw new Error("npm run load talks only to 127.0.0.1: DATABASE_URL must name a local server");
    }
    databases.push(postgresAt(databaseUrl));
  }

  console.log(
    `npm run load: ${cpus().length} CPUs, Web API latency ${latencyMs} ms, ${durationS} s per rate, ${perRequester} messages per requester, ` +
      `outbox concurrency ${process.env.GUICHET_OUTBOX_CONCURRENCY ?? "default"}; load average ${loadAverage()}`,
  );
  const rows: Row[] = [];
  const runs: Array<{ name: string; run: (rate: number) => Promise<Row> }> = [];
  const options = { durationS, latencyMs, graceMs, perRequester, profileDir: values.profile, guichet: values.guichet };
  if (targets.includes("guichet")) {
    for (const db of databases) runs.push({ name: `guichet, ${db.name}`, run: (rate) => runGuichet(db, rate, options) });
  }
  if (targets.includes("bolt")) runs.push({ name: "bare Bolt", run: (rate) => runTarget("bare Bolt", rate, options, {}, path.join(PACKAGE_ROOT, "dist", "test", "load", "bare-bolt-app.js")) });

  for (const { name, run } of runs) {
    console.log(`\n${name} (load average ${loadAverage()})`);
    console.log(header());
    for (const rate of rates) {
      const row = await run(rate);
      rows.push(row);
      console.log(line(row));
    }
  }
  const bolt = rows.filter((r) => r.target === "bare Bolt");
  if (bolt.length > 0) {
    console.log(`\nCPU per message, guichet ÷ bare Bolt (load average ${loadAverage()})`);
    for (const target of [...new Set(rows.map((r) => r.target))].filter((t) => t !== "bare Bolt")) {
      const ratios = rows
        .filter((r) => r.target === target)
        .map((r) => {
          const base = bolt.find((b) => b.rate === r.rate);
          return `${r.rate}/s ${base ? (r.cpuMsPerMessage / base.cpuMsPerMessage).toFixed(1) : "?"}×`;
        });
      console.log(`  ${target.padEnd(22)} ${ratios.join("   ")}`);
    }
  }
  if (values.json) writeFileSync(values.json, JSON.stringify({ loadAverage: loadAverage(), latencyMs, durationS, rows: rows.map(summary) }, null, 2));
}

interface RunOptions {
  durationS: number;
  latencyMs: number;
  graceMs: number;
  perRequester: number;
  profileDir?: string;
  guichet?: string;
}

async function runGuichet(db: DatabaseKind, rate: number, options: RunOptions): Promise<Row> {
  const database = await db.fresh();
  const dir = mkdtempSync(path.join(tmpdir(), "guichet-load-config-"));
  const deskConfig = path.join(dir, "desk.yaml");
  writeFileSync(deskConfig, slackDeskConfigText());
  try {
    const env = {
      ...database.env,
      GUICHET_CHANNEL: "slack",
      GUICHET_DESK_CONFIG: deskConfig,
      ...(process.env.GUICHET_OUTBOX_CONCURRENCY ? { GUICHET_OUTBOX_CONCURRENCY: process.env.GUICHET_OUTBOX_CONCURRENCY } : {}),
    };
    const nodeArgs = options.profileDir ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(options.profileDir)}`, `--cpu-prof-name=guichet-${db.name}-${rate}.cpuprofile`] : [];
    return await runTarget(`guichet, ${db.name}`, rate, options, env, options.guichet && path.resolve(options.guichet), nodeArgs);
  } finally {
    await database.dispose();
  }
}

/** Starts the target against a new fake Web API, sends one rate, and stops it (SIGTERM). */
async function runTarget(target: string, rate: number, options: RunOptions, env: Record<string, string>, script?: string, nodeArgs: string[] = []): Promise<Row> {
  const api = new FakeSlackApi();
  await api.start();
  api.latencyMs = options.latencyMs;
  const runId = randomBytes(3).toString("hex").toUpperCase();
  const count = Math.round(rate * options.durationS);
  const { requesters, messages } = loadMessages(count, Math.max(1, Math.ceil(count / options.perRequester)), runId);
  for (const r of requesters) api.users.set(r.id, { real_name: r.name, locale: r.locale });
  const port = await freePort();
  const child = new GuichetProcess(
    {
      SLACK_BOT_TOKEN: "xoxb-load-token",
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: api.apiUrl,
      SLACK_BOT_ID: BOT_ID,
      SLACK_BOT_USER_ID: BOT_USER_ID,
      HOST: "127.0.0.1",
      PORT: String(port),
      ...env,
    },
    { ...(script ? { script } : {}), nodeArgs },
  );
  await child.start(60_000);
  try {
    const pid = child.pid as number;
    const cpuBefore = cpuSeconds(pid);
    const startedAt = Date.now();
    const result = await runRate({ url: `http://127.0.0.1:${port}/slack/events`, secret: SIGNING_SECRET, api, messages, rate, graceMs: options.graceMs, runId });
    const cpu = cpuSeconds(pid) - cpuBefore;
    return {
      ...result,
      target,
      // Per message answered: a message never handled cost little, and would make an overloaded run look cheap.
      cpuMsPerMessage: (cpu * 1000) / Math.max(1, result.endToEndMs.length),
      cpuPercent: (cpu * 100 * 1000) / (Date.now() - startedAt),
      peakRssMiB: peakRssMiB(pid),
    };
  } finally {
    await child.stop();
    await api.close();
  }
}

function header(): string {
  return ["rate/s", "sent", "ack p50", "ack p99", "e2e p50", "e2e p99", "answered/s", "missing", "refused", "ack>3s", "CPU/msg", "CPU %", "peak RSS"]
    .map((h, i) => (i === 0 ? h.padEnd(7) : h.padStart(i >= 8 ? 9 : 11)))
    .join("");
}

function line(row: Row): string {
  const ms = (v: number) => (Number.isNaN(v) ? "–" : v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(v < 10 ? 1 : 0)} ms`);
  const cells = [
    String(row.rate).padEnd(7),
    String(row.sent).padStart(11),
    ms(percentile(row.ackMs, 0.5)).padStart(11),
    ms(percentile(row.ackMs, 0.99)).padStart(11),
    ms(percentile(row.endToEndMs, 0.5)).padStart(11),
    ms(percentile(row.endToEndMs, 0.99)).padStart(11),
    row.throughput.toFixed(0).padStart(11),
    String(row.missing).padStart(9),
    String(row.refused).padStart(9),
    String(row.lateAcks).padStart(9),
    `${row.cpuMsPerMessage.toFixed(2)} ms`.padStart(9),
    `${row.cpuPercent.toFixed(0)}`.padStart(9),
    `${row.peakRssMiB.toFixed(0)} MiB`.padStart(9),
  ];
  const lag = row.senderLagP99 > 50 ? `  (sender late by ${ms(row.senderLagP99)} at p99)` : "";
  return cells.join("") + lag;
}

function summary(row: Row): Record<string, unknown> {
  const { ackMs, endToEndMs, ...rest } = row;
  return {
    ...rest,
    ackP50: percentile(ackMs, 0.5),
    ackP99: percentile(ackMs, 0.99),
    e2eP50: percentile(endToEndMs, 0.5),
    e2eP99: percentile(endToEndMs, 0.99),
  };
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
