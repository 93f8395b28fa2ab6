import { SocketModeReceiver, type App, type Receiver, type ReceiverEvent } from "@slack/bolt";
import { logger } from "../../logger";
import type { SlackIngress } from "./slack-ingress";

/** What the Socket Mode client reads from its connection (a text frame; binary frames it ignores). */
type WsMessageListener = (data: unknown, isBinary: boolean) => unknown;

/**
 * Slack's Socket Mode, through Bolt's SocketModeReceiver (its client opens and keeps the connection), with each
 * envelope handed to the ingress rather than straight to Bolt: it is checked like an HTTP body, stored, and only then
 * acknowledged, with the ingress's answer. A malformed envelope is acknowledged too (Slack would otherwise deliver it
 * again and again); one that could not be stored is not, so that Slack delivers it again.
 */
export class SlackSocketReceiver implements Receiver {
  private readonly socket: SocketModeReceiver;

  constructor(
    options: ConstructorParameters<typeof SocketModeReceiver>[0],
    private readonly ingress: SlackIngress,
  ) {
    this.socket = new SocketModeReceiver(options);
    guardIncomingMessages(this.socket);
  }

  init(app: App): void {
    this.ingress.attach(app);
    // The Socket Mode receiver calls `processEvent` of what it is given: the ingress, not Bolt.
    this.socket.init({ processEvent: (event: ReceiverEvent) => this.deliver(event) } as unknown as App);
  }

  start(): Promise<unknown> {
    return this.socket.start();
  }

  /** Closes the connection and waits for the close handshake (Bolt's own stop does not wait, and leaves a timer). */
  stop(): Promise<unknown> {
    return this.socket.client.disconnect();
  }

  private async deliver(event: ReceiverEvent): Promise<void> {
    const answer = await this.ingress.accept(event.body, { retryNum: event.retryNum, retryReason: event.retryReason });
    if (answer.status === 500) return;
    await event.ack(answer.status === 200 ? answer.body : undefined);
  }
}

/** The messages Slack's Socket Mode server sends; envelopes carry an id to acknowledge and an object payload. */
const CONTROL_TYPES = new Set(["hello", "disconnect"]);
const ENVELOPE_TYPES = new Set(["events_api", "interactive", "slash_commands"]);

/**
 * The Socket Mode client reads every message before anything checks it, in a promise nobody awaits: an envelope
 * whose payload is null, or an `events_api` one without an event, threw there and ended the process; a message
 * typed `close` or `error` was emitted as the client's own `close` or `error` event. Each message is checked here
 * first (its envelope, not its payload: the ingress judges that); what fails is logged, acknowledged when it has an
 * id (so that it is not delivered again), and goes no further. The client's own handler runs with its failures
 * caught. (The client's `ws_message` event is internal to @slack/socket-mode: the Socket Mode tests cover it.)
 */
function guardIncomingMessages(receiver: SocketModeReceiver): void {
  const client = receiver.client;
  const handlers = client.listeners("ws_message") as WsMessageListener[];
  client.removeAllListeners("ws_message");
  client.on("ws_message", (data: unknown, isBinary: boolean) => {
    const problem = isBinary ? null : envelopeProblem(data);
    if (problem) {
      logger.warn({ event: "slack.invalid_envelope", problem: problem.text });
      if (problem.envelopeId) {
        // `send` writes `{"envelope_id"}`, the acknowledgement; the client's typings keep it private.
        (client as unknown as { send(id: string): Promise<void> })
          .send(problem.envelopeId)
          .catch((error: unknown) => logger.warn({ event: "slack.ack_failed", error: (error as Error).message }));
      }
      return;
    }
    for (const handler of handlers) {
      Promise.resolve()
        .then(() => handler.call(client, data, isBinary))
        .catch((error: unknown) => logger.error({ event: "slack.socket_message_failed", err: error }));
    }
  });
}

function envelopeProblem(data: unknown): { text: string; envelopeId?: string } | null {
  let message: unknown;
  try {
    message = JSON.parse(typeof data === "string" ? data : new TextDecoder().decode(data as ArrayBuffer));
  } catch {
    return { text: "not JSON" };
  }
  if (typeof message !== "object" || message === null || Array.isArray(message)) return { text: "not an object" };
  const { type, envelope_id: envelopeId, payload } = message as Record<string, unknown>;
  const id = typeof envelopeId === "string" && envelopeId !== "" ? envelopeId : undefined;
  if (typeof type === "string" && CONTROL_TYPES.has(type)) return null;
  if (typeof type !== "string" || !ENVELOPE_TYPES.has(type)) return { text: `unknown type ${JSON.stringify(type ?? null).slice(0, 60)}`, envelopeId: id };
  if (!id) return { text: `${type} without an envelope_id` };
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) return { text: `${type} whose payload is not an object`, envelopeId: id };
  const event = (payload as Record<string, unknown>).event;
  if (type === "events_api" && (typeof event !== "object" || event === null || typeof (event as Record<string, unknown>).type !== "string")) {
    return { text: "events_api without an event", envelopeId: id };
  }
  return null;
}
