import type { Guichet } from "../app";
import type { RunningChannel } from "../channels/channel-start";
import type { HttpServer } from "../channels/http-server";
import type { RunningJobs } from "../jobs";
import { logger } from "../logger";
import type { Readiness } from "./readiness";

export interface RunningInstance {
  readiness: Readiness;
  guichet: Guichet;
  http: HttpServer | null;
  channels: RunningChannel[];
  jobs: RunningJobs | null;
}

/**
 * Stops an instance without dropping work, within `timeoutMs` in all: it stops taking new work (`/readyz` and every
 * channel route answer 503, Socket Mode disconnects, the jobs stop), lets the events being handled finish, then
 * delivers what the outbox holds. Past the deadline it stops anyway: what was not delivered stays in the outbox for
 * the next start (a message being sent at that moment may then be sent twice). Resolves with whether it finished
 * in time.
 */
export async function stopGracefully(instance: RunningInstance, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  const { readiness, guichet, http, channels, jobs } = instance;
  readiness.beginShutdown();
  logger.info({ event: "shutdown.begin", timeoutMs }, "stopping: no new work taken; finishing events and the outbox");

  const steps: Array<[string, () => Promise<unknown>]> = [
    ["jobs", async () => jobs?.stop()],
    ["channels", () => Promise.all(channels.map((channel) => channel.stop().catch((error: unknown) => logger.warn({ event: "shutdown.channel_failed", err: error }))))],
    ["requests", async () => http?.settled(deadline)],
    // Deliveries being handled finish; those only stored are let go, for the next start or another instance.
    ["inbox", () => guichet.inbox.stop()],
    ["outbox", () => guichet.outbox.drain()],
  ];
  let finished = true;
  for (const [step, run] of steps) {
    if (!(await beforeDeadline(run(), deadline))) {
      finished = false;
      logger.warn({ event: "shutdown.timeout", step, timeoutMs }, `stopping: out of time while waiting for ${step}; what the outbox holds goes at the next start`);
      break;
    }
  }
  if (finished) logger.info({ event: "shutdown.done" }, "stopped cleanly");
  await http?.close();
  await beforeDeadline(guichet.close(), Date.now() + 5000);
  return finished;
}

/** Whether `work` settled before `deadline` (its failure is logged and counts as settled). */
async function beforeDeadline(work: Promise<unknown>, deadline: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, deadline - Date.now()));
  });
  const settled = work.then(
    () => true as const,
    (error: unknown) => {
      logger.error({ event: "shutdown.step_failed", err: error });
      return true as const;
    },
  );
  try {
    return await Promise.race([settled, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
