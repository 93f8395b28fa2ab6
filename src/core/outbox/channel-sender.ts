import type { EntityManager } from "typeorm";
import type { OutboxRoute } from "../../store/entities/OutboxMessage";
import type { MessageView } from "../messages/message-view";

/**
 * One message for a channel to send, rendered from the channel-neutral view; for another desk (`desk`), the call to
 * make, as its sender stored it.
 */
export interface Delivery<P = MessageView> {
  outboxId: number;
  operation: "post" | "update";
  conversation: string;
  /** Thread to post in (null: top level). */
  thread: string | null;
  /** For updates: the message to edit in place. */
  messageId: string | null;
  view: P;
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
export interface ChannelSender<P = MessageView> {
  readonly platform: OutboxRoute;
  /** `result` is what the delivery brought back (another desk's id for a ticket created there), for `delivered`. */
  deliver(delivery: Delivery<P>): Promise<{ messageId?: string; result?: unknown }>;
  /** Deletes a post that turned out to be a second copy of a message (optional: the copy then stays). */
  retract?(conversation: string, messageId: string): Promise<void>;
  /**
   * What follows from a delivery, written in the transaction that records it as sent (a ticket created in another
   * desk gets that desk's id): both are stored together, or neither and the message is delivered again.
   */
  delivered?(manager: EntityManager, delivery: Delivery<P>, result: unknown): Promise<void>;
  /** What follows from a failure, in the transaction that records it; `giveUp` when it will not be tried again. */
  failed?(manager: EntityManager, delivery: Delivery<P>, error: unknown, giveUp: boolean): Promise<void>;
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
