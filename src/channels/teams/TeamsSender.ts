import type { Activity } from "botbuilder";
import { DeliveryError, type ChannelSender, type Delivery } from "../../core/outbox/channel-sender";
import { logger } from "../../logger";
import { cardActivity } from "./card-activity";
import { messageCard } from "./cards/message-card";
import { deliveryErrorFrom, failFast, isUnreachable, NOT_INSTALLED_RETRY_MS } from "./connector-calls";
import type { ConversationReferences, PostTarget } from "./conversation-references";
import type { ConnectorOperations, TeamsAdapter } from "./TeamsAdapter";
import { looksLikeChannelId, threadConversationId, threadRootOf } from "./teams-conversations";

/**
 * Delivers the outbox's messages to Teams through the Bot Connector, as Adaptive Cards: a new thread in a channel
 * (the ticket's triage or expert post), a reply under a thread's root, a message in a chat, or an update of a card
 * in place (the ticket card after a claim, for everyone who sees it).
 */
export class TeamsSender implements ChannelSender {
  readonly platform = "teams" as const;

  constructor(
    private readonly adapter: TeamsAdapter,
    private readonly references: ConversationReferences,
    /** The bot's Microsoft app id; empty in local mode. */
    private readonly appId: string,
  ) {}

  async deliver(delivery: Delivery): Promise<{ messageId?: string }> {
    const target = await this.references.target(delivery.conversation);
    if (!target) {
      if (looksLikeChannelId(delivery.conversation)) {
        throw new DeliveryError(`no Teams conversation reference for ${delivery.conversation} yet: install the app in its team`, {
          retryAfterMs: NOT_INSTALLED_RETRY_MS,
        });
      }
      // An id without a colon is a person's Azure AD id (their direct chat): it works once they open the bot's chat.
      if (!delivery.conversation.includes(":")) {
        throw new DeliveryError(`${delivery.conversation} has no personal chat with the bot yet: they must open guichet in Teams once`, {
          retryAfterMs: NOT_INSTALLED_RETRY_MS,
        });
      }
      throw new DeliveryError(`no Teams conversation reference for ${delivery.conversation}`, { permanent: true });
    }
    const card = messageCard(delivery.view, { surface: target.kind, src: delivery.outboxId });
    const activity = cardActivity(card, delivery.view);
    const what = `${delivery.operation} to ${delivery.conversation}`;
    const messageId = await this.sendVia(target, what, async (client) => {
      if (delivery.operation === "update") return this.update(client, target, delivery, activity);
      // A person's direct chat is named by their id: the conversation to post to is the one their reference names.
      if (target.kind !== "channel") return (await client.conversations.sendToConversation(target.reference.conversation.id, activity)).id;
      if (delivery.thread) {
        const thread = threadConversationId(delivery.conversation, delivery.thread);
        return (await client.conversations.replyToActivity(thread, delivery.thread, { ...activity, replyToId: delivery.thread })).id;
      }
      return this.startThread(client, target, delivery.conversation, activity);
    });
    logger.debug({ event: "teams.delivered", operation: delivery.operation, conversation: delivery.conversation, messageId });
    return { messageId };
  }

  private async update(client: ConnectorOperations, target: PostTarget, delivery: Delivery, activity: Partial<Activity>): Promise<string> {
    const messageId = delivery.messageId;
    if (!messageId) throw new DeliveryError("no message to update", { permanent: true });
    // A channel post is addressed through its thread; a chat message through the chat.
    const conversation = target.kind === "channel" ? threadConversationId(delivery.conversation, messageId) : delivery.conversation;
    await client.conversations.updateActivity(conversation, messageId, { ...activity, id: messageId });
    return messageId;
  }

  /** A new post in a channel starts a thread: Teams answers with the thread's conversation id and the root's id. */
  private async startThread(client: ConnectorOperations, target: PostTarget, channelId: string, activity: Partial<Activity>): Promise<string> {
    const parameters = {
      isGroup: true,
      bot: target.reference.bot,
      channelData: { channel: { id: channelId }, ...(target.tenantId ? { tenant: { id: target.tenantId } } : {}) },
      ...(target.tenantId ? { tenantId: target.tenantId } : {}),
      activity,
    };
    const created = await client.conversations.createConversation(parameters);
    const rootId = created.activityId ?? (created.id ? threadRootOf(created.id) : null);
    if (!rootId) throw new DeliveryError(`Teams created no post in ${channelId}`);
    return rootId;
  }

  /**
   * Sends through the conversation's service URL. When nothing answers there and another address delivered to this
   * conversation before (the last activity named one that does not work), the post goes through that one, which
   * becomes the conversation's address again: a reference that works is never lost to one that failed.
   */
  private async sendVia(target: PostTarget, what: string, work: (client: ConnectorOperations) => Promise<string | undefined>): Promise<string> {
    const conversation = target.reference.conversation.id;
    let serviceUrl = target.reference.serviceUrl;
    let messageId: string;
    try {
      try {
        messageId = await this.withConnector(target, what, work);
      } catch (error) {
        if (!target.fallbackServiceUrl || !isUnreachable(error)) throw error;
        serviceUrl = target.fallbackServiceUrl;
        messageId = await this.withConnector({ ...target, reference: { ...target.reference, serviceUrl } }, what, work);
      }
    } catch (error) {
      throw deliveryErrorFrom(error, what, { channel: target.kind === "channel" });
    }
    await this.references.delivered(conversation, serviceUrl, { fellBack: serviceUrl !== target.reference.serviceUrl });
    return messageId;
  }

  /** Runs `work` with a connector client authenticated for the conversation's service URL. */
  private async withConnector(target: PostTarget, what: string, work: (client: ConnectorOperations) => Promise<string | undefined>): Promise<string> {
    let result: string | undefined;
    await this.adapter.continueConversationAsync(this.appId, target.reference, async (context) => {
      const client = this.adapter.connectorOf(context);
      failFast(client);
      result = await work(client);
    });
    if (!result) throw new DeliveryError(`${what}: Teams returned no message id`);
    return result;
  }
}
