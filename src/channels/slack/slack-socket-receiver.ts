import { SocketModeReceiver, type App, type Receiver, type ReceiverEvent } from "@slack/bolt";
import type { SlackIngress } from "./slack-ingress";

/**
 * Slack's Socket Mode, through Bolt's SocketModeReceiver (its client opens and keeps the connection), with each
 * envelope handed to the ingress rather than straight to Bolt: it is checked like an HTTP body, and acknowledged
 * with the ingress's answer. A malformed envelope is acknowledged too (Slack would otherwise deliver it again and
 * again); one whose handling failed is not, so that Slack delivers it again.
 */
export class SlackSocketReceiver implements Receiver {
  private readonly socket: SocketModeReceiver;

  constructor(
    options: ConstructorParameters<typeof SocketModeReceiver>[0],
    private readonly ingress: SlackIngress,
  ) {
    this.socket = new SocketModeReceiver(options);
  }

  init(app: App): void {
    this.ingress.attach(app);
    // The Socket Mode receiver calls `processEvent` of what it is given: the ingress, not Bolt.
    this.socket.init({ processEvent: (event: ReceiverEvent) => this.deliver(event) } as unknown as App);
  }

  start(): Promise<unknown> {
    return this.socket.start();
  }

  stop(): Promise<unknown> {
    return this.socket.stop();
  }

  private async deliver(event: ReceiverEvent): Promise<void> {
    const answer = await this.ingress.accept(event.body, { retryNum: event.retryNum, retryReason: event.retryReason });
    if (answer.status === 500) return;
    await event.ack(answer.status === 200 ? answer.body : undefined);
  }
}
