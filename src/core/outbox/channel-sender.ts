import type { Platform } from "../../store/entities/PersonIdentity";
import type { MessageView } from "../messages/message-view";

/** One message for a channel to send, rendered from the channel-neutral view. */
export interface Delivery {
  outboxId: number;
  operation: "post" | "update";
  conversation: string;
  /** Thread to post in (null: top level). */
  thread: string | null;
  /** For updates: the message to edit in place. */
  messageId: string | null;
  view: MessageView;
}

/** What each channel adapter provides to the outbox: send one message, say its id. */
export interface ChannelSender {
  readonly platform: Platform;
  deliver(delivery: Delivery): Promise<{ messageId?: string }>;
}

/**
 * A failed delivery. `retryAfterMs` honours the platform's rate limit (Slack's Retry-After); `permanent` stops retries
 * for errors a retry cannot fix (a channel that does not exist).
 */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly options: { retryAfterMs?: number; permanent?: boolean } = {},
  ) {
    super(message);
    this.name = "DeliveryError";
  }
}
