import { logger } from "../../logger";

/**
 * The work listeners do after acknowledging Slack (which must hear back within 3 seconds): tracked, so that a
 * shutdown waits for it and a test can wait until every request it sent has been fully handled.
 */
export class InFlight {
  private readonly running = new Set<Promise<void>>();

  /** Runs `work`, keeps it tracked until it settles, and logs a failure instead of letting it escape. */
  run(what: string, work: () => Promise<void>): Promise<void> {
    const task = work().catch((error: unknown) => {
      logger.error({ event: "slack.listener_failed", what, err: error });
    });
    this.running.add(task);
    void task.finally(() => this.running.delete(task));
    return task;
  }

  /** Resolves when nothing is running, including work started while waiting. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}
