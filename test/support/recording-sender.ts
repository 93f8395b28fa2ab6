import type { MessageView } from "../../src/core/messages/message-view";
import type { ChannelSender, Delivery } from "../../src/core/outbox/channel-sender";
import type { Platform } from "../../src/store/entities/PersonIdentity";

/** A channel that records what the outbox delivers, and can be made to fail. */
export class RecordingSender implements ChannelSender {
  readonly deliveries: Delivery[] = [];
  /** Set to make the next deliveries throw this. */
  failWith: Error | null = null;

  constructor(readonly platform: Platform = "console") {}

  async deliver(delivery: Delivery): Promise<{ messageId?: string }> {
    if (this.failWith) throw this.failWith;
    this.deliveries.push(delivery);
    return { messageId: `msg-${delivery.outboxId}` };
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
