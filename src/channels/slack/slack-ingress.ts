import type { App } from "@slack/bolt";
import { logger } from "../../logger";
import { classifySlackBody } from "./slack-payloads";

/** What Slack is answered: the HTTP status and body, or (Socket Mode) an acknowledgement with that body. */
export interface IngressAnswer {
  status: 200 | 400 | 500;
  /** The listener's `ack(…)` argument, e.g. a modal's field errors. */
  body?: unknown;
}

export interface Delivery {
  retryNum?: number;
  retryReason?: string;
}

/**
 * Where every body Slack sends arrives, whatever the transport (the HTTP receiver, the Socket Mode receiver): it is
 * checked (`classifySlackBody`), then handed to Bolt, which routes it to the listeners. The answer resolves as soon
 * as it is known; the work it started is tracked, so that `idle` can wait for it. Nothing thrown here or in a
 * listener escapes: a failure is logged and, if Slack has not been answered yet, answered 500.
 */
export class SlackIngress {
  private app: App | null = null;
  private readonly running = new Set<Promise<void>>();

  attach(app: App): void {
    this.app = app;
  }

  async accept(body: unknown, delivery: Delivery = {}): Promise<IngressAnswer> {
    const judged = classifySlackBody(body);
    if (judged.kind === "invalid") {
      logger.warn({ event: "slack.invalid_payload", problem: judged.problem });
      return { status: 400, body: { error: judged.problem } };
    }
    if (judged.kind === "ignored") {
      logger.debug({ event: "slack.ignored", what: judged.what });
      return { status: 200 };
    }
    return this.dispatch(body as Record<string, unknown>, delivery, judged.surface);
  }

  /** Resolves when every delivery received so far has been fully handled, including work started while waiting. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }

  /** Bolt routes the body to its listener; the listener's `ack` answers Slack. */
  private dispatch(body: Record<string, unknown>, delivery: Delivery, surface: string): Promise<IngressAnswer> {
    const app = this.app;
    if (!app) throw new Error("the Slack ingress is not attached to the app");
    return new Promise((resolve) => {
      let answered = false;
      const answer = (value: IngressAnswer) => {
        if (answered) return;
        answered = true;
        resolve(value);
      };
      const work = app
        .processEvent({ body, ack: async (response?: unknown) => answer({ status: 200, body: response }), ...delivery })
        // Handled without an acknowledgement (no listener took it): the work is done, Slack hears 200.
        .then(() => answer({ status: 200 }))
        .catch((error: unknown) => {
          logger.error({ event: "slack.listener_failed", surface, err: originalOf(error) });
          answer({ status: 500 });
        });
      this.running.add(work);
      void work.finally(() => this.running.delete(work));
    });
  }
}

/** Bolt wraps what a listener threw in a coded error; the log wants the original. */
function originalOf(error: unknown): unknown {
  return (error as { original?: unknown })?.original ?? error;
}
