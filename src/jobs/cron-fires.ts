import { createTask } from "node-cron";

/**
 * The latest instant at or before `now` (to the minute, looking back at most `lookbackMinutes`) at which `expression`
 * fires in `timezone`: the run a process that was down may have missed. node-cron only looks forward, so this walks
 * back minute by minute; a week is about 10 000 checks, done once at start-up.
 */
export function lastFireAtOrBefore(expression: string, timezone: string, now: Date, lookbackMinutes: number): Date | null {
  const task = createTask(expression, () => undefined, { timezone });
  try {
    const start = Math.floor(now.getTime() / 60_000) * 60_000;
    for (let i = 0; i <= lookbackMinutes; i++) {
      const at = new Date(start - i * 60_000);
      if (task.match(at)) return at;
    }
    return null;
  } finally {
    void task.destroy();
  }
}
