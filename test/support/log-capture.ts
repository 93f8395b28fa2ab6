import { logger, redirectLogs } from "../../src/logger";

/** Runs `work` with the logger at `level`, and returns the lines it wrote, parsed (whether `work` failed or not). */
export async function logsOf(level: string, work: () => Promise<unknown>): Promise<Array<Record<string, unknown>>> {
  const lines: string[] = [];
  const before = logger.level;
  logger.level = level;
  redirectLogs({ write: (line: string) => lines.push(line) });
  try {
    await work().catch(() => undefined);
  } finally {
    redirectLogs(null);
    logger.level = before;
  }
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}
