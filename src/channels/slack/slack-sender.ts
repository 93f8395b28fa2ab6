import type { webApi } from "@slack/bolt";
import { DeliveryError, type ChannelSender, type Delivery } from "../../core/outbox/channel-sender";
import { renderMessage } from "./blocks/message-blocks";
import { toDeliveryError } from "./delivery-errors";

/**
 * The outbox's way into Slack: every message the desk sends is posted here, never from a listener, so a Slack
 * outage or a 429 only delays it. A post returns its `ts`, which becomes the root of a ticket's thread; an update
 * edits that root in place (the triage card).
 */
export class SlackSender implements ChannelSender {
  readonly platform = "slack" as const;

  constructor(private readonly client: webApi.WebClient) {}

  async deliver(delivery: Delivery): Promise<{ messageId?: string }> {
    const { text, blocks } = renderMessage(delivery.view);
    if (delivery.operation === "update") {
      if (!delivery.messageId) throw new DeliveryError("slack chat.update: no message to update", { permanent: true });
      try {
        const result = await this.client.chat.update({ channel: delivery.conversation, ts: delivery.messageId, text, blocks });
        return { messageId: result.ts ?? delivery.messageId };
      } catch (error) {
        throw toDeliveryError(error, "chat.update");
      }
    }
    let ts: string | undefined;
    try {
      const result = await this.client.chat.postMessage({
        channel: delivery.conversation,
        ...(delivery.thread ? { thread_ts: delivery.thread } : {}),
        text,
        blocks,
        // A requester's link must not unfold into a preview in the triage channel.
        unfurl_links: false,
        unfurl_media: false,
      });
      ts = result.ts;
    } catch (error) {
      throw toDeliveryError(error, "chat.postMessage");
    }
    if (!ts) throw new DeliveryError("slack chat.postMessage: no ts in the answer");
    return { messageId: ts };
  }
}
