import type { webApi } from "@slack/bolt";
import { DeliveryError, type ChannelSender, type Delivery } from "../../core/outbox/channel-sender";
import type { FileSource } from "../../core/files/published-files";
import { renderMessage, type ResolvedLink, type SlackMessage } from "./blocks/message-blocks";
import { toDeliveryError } from "./delivery-errors";

/** The metadata type of guichet's posts: its payload names the outbox message, so that a post can be found again. */
export const OUTBOX_METADATA_TYPE = "guichet_outbox";

/**
 * The outbox's way into Slack: every message the desk sends is posted here, never from a listener, so a Slack
 * outage or a 429 only delays it. A post returns its `ts`, which becomes the root of a ticket's thread; an update
 * edits that root in place (the triage card). Each post carries its outbox id in Slack's message metadata: a message
 * whose delivery guichet could not record before it stopped is looked up there, and not posted a second time.
 */
export class SlackSender implements ChannelSender {
  readonly platform = "slack" as const;

  constructor(
    private readonly client: webApi.WebClient,
    /** Where the files of a message (the digest's chart, an extraction's CSV) are read at delivery. */
    private readonly files: FileSource,
  ) {}

  async deliver(delivery: Delivery): Promise<{ messageId?: string }> {
    const { text, blocks } = renderMessage(delivery.view, await this.permalinks(delivery.view));
    if (delivery.operation === "post" && delivery.view.files?.length) return this.upload(delivery, blocks);
    if (delivery.operation === "update") {
      if (!delivery.messageId) throw new DeliveryError("slack chat.update: no message to update", { permanent: true });
      try {
        const result = await this.client.chat.update({ channel: delivery.conversation, ts: delivery.messageId, text, blocks });
        return { messageId: result.ts ?? delivery.messageId };
      } catch (error) {
        throw toDeliveryError(error, "chat.update");
      }
    }
    if (delivery.possiblyDelivered) {
      const earlier = await this.findPost(delivery, delivery.possiblyDelivered.since);
      if (earlier) return { messageId: earlier };
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
        metadata: { event_type: OUTBOX_METADATA_TYPE, event_payload: { outbox_id: delivery.outboxId } },
      });
      ts = result.ts;
    } catch (error) {
      throw toDeliveryError(error, "chat.postMessage");
    }
    if (!ts) throw new DeliveryError("slack chat.postMessage: no ts in the answer");
    return { messageId: ts };
  }

  /** The permalinks of the Slack posts the view points at; one that Slack cannot give is left out, the text stays. */
  private async permalinks(view: Delivery["view"]): Promise<ResolvedLink[]> {
    const links: ResolvedLink[] = [];
    for (const link of view.links ?? []) {
      if (link.platform !== "slack") continue;
      const answer = await this.client.chat.getPermalink({ channel: link.conversation, message_ts: link.messageId }).catch(() => null);
      if (answer?.permalink && /^https:\/\/[^\s|<>]+$/.test(answer.permalink)) links.push({ label: link.label, url: answer.permalink });
    }
    return links;
  }

  /**
   * A message with files: `files.uploadV2` asks for an upload address per file (files.getUploadURLExternal), sends
   * the bytes there, then shares them with the message's blocks as one post (files.completeUploadExternal). Slack
   * shares them a moment later and gives no timestamp for that post, so a message with files starts no thread.
   */
  private async upload(delivery: Delivery, blocks: SlackMessage["blocks"]): Promise<{ messageId?: string }> {
    const uploads = [];
    for (const file of delivery.view.files ?? []) {
      const content = await this.files.read(file.token);
      if (!content) throw new DeliveryError(`slack files.uploadV2: ${file.name} is no longer kept`, { permanent: true });
      // Slack takes at most 1 000 characters of alternative text.
      uploads.push({ file: content.data, filename: file.name, title: file.title, ...(file.altText ? { alt_text: file.altText.slice(0, 1000) } : {}) });
    }
    try {
      await this.client.files.uploadV2({
        channel_id: delivery.conversation,
        ...(delivery.thread ? { thread_ts: delivery.thread } : {}),
        blocks,
        file_uploads: uploads,
      });
    } catch (error) {
      throw toDeliveryError(error, "files.uploadV2");
    }
    return {};
  }

  /** Deletes the bot's own post (a second copy of a message). */
  async retract(conversation: string, messageId: string): Promise<void> {
    try {
      await this.client.chat.delete({ channel: conversation, ts: messageId });
    } catch (error) {
      throw toDeliveryError(error, "chat.delete");
    }
  }

  /**
   * The post of an earlier delivery of this message, if Slack shows it (in the thread, or at the top of the
   * conversation, since a little before the message was queued). When Slack cannot be asked, the message is posted
   * again: delivery stays at least once.
   */
  private async findPost(delivery: Delivery, since: Date): Promise<string | null> {
    const oldest = ((since.getTime() - 5 * 60_000) / 1000).toFixed(6);
    try {
      const answer = delivery.thread
        ? await this.client.conversations.replies({ channel: delivery.conversation, ts: delivery.thread, oldest, limit: 200, include_all_metadata: true })
        : await this.client.conversations.history({ channel: delivery.conversation, oldest, limit: 200, include_all_metadata: true });
      const found = answer.messages?.find(
        (m) => m.metadata?.event_type === OUTBOX_METADATA_TYPE && Number((m.metadata.event_payload as { outbox_id?: unknown } | undefined)?.outbox_id) === delivery.outboxId,
      );
      return found?.ts ?? null;
    } catch {
      return null;
    }
  }
}
