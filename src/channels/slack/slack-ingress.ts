import type { App } from "@slack/bolt";
import type { Inbox } from "../../core/inbox/inbox";
import { logger } from "../../logger";
import { classifySlackBody, type DeskSurface } from "./slack-payloads";

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

/** Interactions: a person waits on each (a modal to open within the 3 seconds of its trigger id). */
const INTERACTIONS = new Set<DeskSurface>(["action", "view", "shortcut", "command"]);

const noAck = async (): Promise<void> => undefined;

/**
 * Where every body Slack sends arrives, whatever the transport (HTTP, Socket Mode). It is checked
 * (`classifySlackBody`: 400 if malformed, 200 if not for the desk), then stored in the inbox, and only then
 * answered: acknowledged means stored. Slack re-sends nothing it got a 2xx for, so a crash after the answer must
 * find the delivery in the database; the inbox hands it to Bolt (which routes it to the listeners) at once, and
 * again after a failure or a crash. A delivery stored before (a retry, a Socket Mode redelivery) is acknowledged
 * and not handled twice.
 *
 * Events are answered as soon as they are stored. A modal submission waits for its listener's `ack`, whose body
 * (field errors) is the form's fate; it is stored first all the same. If storing fails, Slack hears 500 and sends
 * the delivery again.
 */
export class SlackIngress {
  private app: App | null = null;

  constructor(private readonly inbox: Inbox) {
    inbox.register("slack", (payload) => this.handleStored(payload));
  }

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
    const payload = body as Record<string, unknown>;
    const urgent = INTERACTIONS.has(judged.surface);
    try {
      if (judged.surface !== "view") {
        await this.inbox.accept("slack", judged.key, payload, { urgent, run: () => this.dispatch(payload, delivery, noAck) });
        return { status: 200 };
      }
      let answer: (value: IngressAnswer) => void = () => undefined;
      const answered = new Promise<IngressAnswer>((resolve) => (answer = resolve));
      const ack = async (response?: unknown) => answer({ status: 200, body: response });
      // Handled or failed without an answer (then stored, to be retried): the modal closes.
      const run = () => this.dispatch(payload, delivery, ack).finally(() => answer({ status: 200 }));
      const stored = await this.inbox.accept("slack", judged.key, payload, { urgent, run });
      return stored === "duplicate" ? { status: 200 } : await answered;
    } catch (error) {
      logger.error({ event: "slack.store_failed", surface: judged.surface, err: error });
      return { status: 500 };
    }
  }

  /** Resolves when every delivery received so far has been handled. */
  idle(): Promise<void> {
    return this.inbox.idle();
  }

  /** A delivery taken from the inbox after a failure or a crash: nobody waits on its acknowledgement any more. */
  private async handleStored(payload: unknown): Promise<void> {
    const judged = classifySlackBody(payload);
    if (judged.kind !== "desk") return;
    await this.dispatch(payload as Record<string, unknown>, {}, noAck);
  }

  /** Bolt routes the body to its listener; a listener's failure rejects (the app's error handler throws it again). */
  private dispatch(body: Record<string, unknown>, delivery: Delivery, ack: (response?: unknown) => Promise<void>): Promise<void> {
    if (!this.app) return Promise.reject(new Error("the Slack ingress is not attached to the app"));
    return this.app.processEvent({ body, ack, ...delivery }).catch((error: unknown) => {
      // Bolt wraps what a listener threw in a coded error; the log wants the original.
      throw (error as { original?: unknown })?.original ?? error;
    });
  }
}
