import { parseArgs } from "node:util";
import { DEFAULT_KB_DIR } from "../app";
import { readEnv } from "../config/env";
import { loadKnowledgeBase } from "../core/knowledge/kb-loader";
import { formatKnowledgeUsage, knowledgeUsageReport } from "../core/knowledge-usage/usage-report";
import { Store } from "../store/data-source";

interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

const USAGE = "Usage: guichet kb usage [--since YYYY-MM-DD] [--until YYYY-MM-DD] [--json] [--kb DIR]";

/**
 * `guichet kb usage`: which articles help, which never do, which questions found nothing (default: the last
 * 30 days). Reads the database of the environment (DATABASE_URL or GUICHET_DB_FILE).
 */
export async function runKbUsage(argv: string[], io: Io, env = process.env): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { since: { type: "string" }, until: { type: "string" }, json: { type: "boolean" }, kb: { type: "string" } },
    }));
  } catch (error) {
    io.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const until = values.until ? new Date(`${values.until}T23:59:59.999Z`) : new Date();
  const since = values.since ? new Date(`${values.since}T00:00:00Z`) : new Date(until.getTime() - 30 * 86_400_000);
  if (Number.isNaN(since.getTime()) || Number.isNaN(until.getTime())) {
    io.stderr.write(`Dates are written YYYY-MM-DD.\n${USAGE}\n`);
    return 2;
  }
  const config = readEnv(env);
  const { articles } = await loadKnowledgeBase(values.kb ?? config.GUICHET_KB_DIR ?? DEFAULT_KB_DIR);
  const store = await Store.open({ databaseUrl: config.DATABASE_URL, sqliteFile: config.GUICHET_DB_FILE });
  try {
    const published = articles.filter((a) => a.status === "published");
    const report = await knowledgeUsageReport(store.manager, published, since, until);
    io.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatKnowledgeUsage(report)}\n`);
    return 0;
  } finally {
    await store.close();
  }
}
