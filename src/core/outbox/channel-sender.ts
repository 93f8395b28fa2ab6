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
  /**
   * Set when an earlier delivery of this message may have reached the platform although guichet has no record of it
   * (it timed out or lost its answer, or guichet stopped during it). A sender that can look for that post (written
   * after `since`) returns it instead of posting again.
   */
  possiblyDelivered?: { since: Date };
}

/**
 * What each channel adapter provides to the outbox: send one message, say its id. The outbox retries failed
 * deliveries itself: a sender makes one attempt per call (no retries inside the platform's client, which would post
 * a message twice when only the answer was lost).
 */
export interface ChannelSender {
  readonly platform: Platform;
  deliver(delivery: Delivery): Promise<{ messageId?: string }>;
  /** Deletes a post that turned out to be a second copy of a message (optional: the copy then stays). */
  retract?(conversation: string, messageId: string): Promise<void>;
}

/**
 * A failed delivery. `retryAfterMs` honours the platform's rate limit (Slack's Retry-After); `permanent` stops retries
 * for errors a retry cannot fix (a channel that does not exist); `maybeDelivered` says the platform may have taken
 * the message all the same (a timeout, a connection cut, a server error after the request was sent), so that the
 * next attempt looks for it before posting again.
 */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly options: { retryAfterMs?: number; permanent?: boolean; maybeDelivered?: boolean } = {},
  ) {
    super(message);
    this.name = "DeliveryError";
  }
}
