import type { EntityManager } from "typeorm";
import { insertEntities } from "../../store/entity-rows";
import { OutboxMessage, type OutboxRoute } from "../../store/entities/OutboxMessage";
import { queryReturning } from "../../store/returning-query";
import type { ThreadRole } from "../../store/entities/TicketThread";
import type { MessageView } from "../messages/message-view";

export interface OutboundMessage {
  platform: OutboxRoute;
  conversation: string;
  thread?: string | null;
  /** The ticket thread this message goes to: its root is read at delivery, and set by its first post. */
  ticketThreadId?: number | null;
  threadRole?: ThreadRole | null;
  operation?: "post" | "update";
  /** What the channel renders; for `desk`, the call its sender makes. */
  view: MessageView | { kind: string };
  /** A message that must go at most once (a notice, a receipt): a second enqueue with the key is ignored. */
  dedupeKey?: string;
  /** What the message must follow, when not its ticket thread or conversation (a desk's calls about one ticket). */
  orderKey?: string;
}

/**
 * Writes outbound messages in the caller's transaction: they exist if and only if the change that caused them
 * committed. The dispatcher delivers them afterwards.
 */
export async function enqueueOutbound(manager: EntityManager, messages: OutboundMessage[]): Promise<void> {
  for (const message of messages) {
    if (message.operation === "update" && message.ticketThreadId) {
      // Only the latest state of a card matters: drop older updates that nobody is delivering yet.
      await queryReturning(
        manager,
        'DELETE FROM "outbox_message" WHERE "ticketThreadId" = :id AND "operation" = \'update\' AND "status" = \'pending\' AND "lockedUntil" IS NULL',
        { id: message.ticketThreadId },
      );
    }
    // Written with every change the desk makes: one fixed statement, nothing read back.
    await insertEntities(
      manager,
      OutboxMessage,
      [{
        platform: message.platform,
        operation: message.operation ?? "post",
        conversation: message.conversation,
        thread: message.thread ?? null,
        ticketThreadId: message.ticketThreadId ?? null,
        threadRole: message.threadRole ?? null,
        orderKey: message.orderKey ?? orderKeyOf(message),
        payload: message.view,
        dedupeKey: message.dedupeKey ?? null,
        status: "pending",
        attempts: 0,
        claims: 0,
        maybeDelivered: false,
        // Due at once, whatever clock the dispatcher runs on (tests move theirs).
        nextAttemptAt: new Date(0),
      }],
      { onConflict: "ignore" },
    );
  }
}

/** What a message must follow: its ticket thread (whose first post is the root), else its conversation. */
function orderKeyOf(message: Pick<OutboundMessage, "platform" | "conversation" | "ticketThreadId">): string {
  return message.ticketThreadId ? `thread:${message.ticketThreadId}` : `${message.platform}:${message.conversation}`;
}
