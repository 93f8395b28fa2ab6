import type { MessageView } from "../../src/core/messages/message-view";
import type { ChannelSender, Delivery } from "../../src/core/outbox/channel-sender";
import type { Platform } from "../../src/store/entities/PersonIdentity";

/** A channel that records what the outbox delivers, and can be made to fail, to hang, or to be slow. */
export class RecordingSender implements ChannelSender {
  readonly deliveries: Delivery[] = [];
  /** Posts the outbox took back as duplicates: [conversation, messageId]. */
  readonly retracted: Array<[string, string]> = [];
  /** Set to make the next deliveries throw this. */
  failWith: Error | null = null;
  /** Deliveries to these conversations throw this. */
  readonly failIn = new Map<string, Error>();
  /** While set, every delivery waits for this promise before it is recorded. */
  hold: Promise<void> | null = null;
  /** Deliveries under way right now, and the most seen at once (overall and within one conversation). */
  inFlight = 0;
  maxInFlight = 0;
  maxInFlightPerConversation = 0;
  private readonly perConversation = new Map<string, number>();

  constructor(
    readonly platform: Platform = "console",
    /** Message ids are `<prefix>-<outbox id>`: two senders standing for two instances give different ids. */
    private readonly idPrefix = "msg",
  ) {}

  async deliver(delivery: Delivery): Promise<{ messageId?: string }> {
    const failure = this.failWith ?? this.failIn.get(delivery.conversation);
    if (failure) throw failure;
    const here = (this.perConversation.get(delivery.conversation) ?? 0) + 1;
    this.perConversation.set(delivery.conversation, here);
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    this.maxInFlightPerConversation = Math.max(this.maxInFlightPerConversation, here);
    try {
      if (this.hold) await this.hold;
      this.deliveries.push(delivery);
      if (delivery.operation === "update") return { messageId: delivery.messageId ?? undefined };
      // A new id per post, as a platform gives: the same message delivered twice gets two.
      const copies = this.deliveries.filter((d) => d.outboxId === delivery.outboxId).length;
      return { messageId: copies === 1 ? `${this.idPrefix}-${delivery.outboxId}` : `${this.idPrefix}-${delivery.outboxId}-copy${copies}` };
    } finally {
      this.inFlight -= 1;
      this.perConversation.set(delivery.conversation, (this.perConversation.get(delivery.conversation) ?? 1) - 1);
    }
  }

  async retract(conversation: string, messageId: string): Promise<void> {
    this.retracted.push([conversation, messageId]);
  }

  /** Views delivered to one conversation, in order. */
  viewsIn(conversation: string): MessageView[] {
    return this.deliveries.filter((d) => d.conversation === conversation).map((d) => d.view);
  }

  last(conversation: string): MessageView {
    const views = this.viewsIn(conversation);
    if (views.length === 0) throw new Error(`nothing was delivered to ${conversation}`);
    return views[views.length - 1];
  }

  clear(): void {
    this.deliveries.length = 0;
  }
}
