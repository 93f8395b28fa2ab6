import { OutboxMessage } from "../../store/entities/OutboxMessage";
import { ProcessedEvent } from "../../store/entities/ProcessedEvent";
import type { Store } from "../../store/data-source";

/** How long guichet keeps what it needs only for a while, in days. */
export interface Retention {
  /** Ids of platform events already handled: a redelivery comes within minutes (Slack), seconds (Teams). */
  processedEventsDays: number;
  /** Messages delivered: kept to redraw a Teams card after a press, and for an operator looking back. */
  sentMessagesDays: number;
}

export const DEFAULT_RETENTION: Retention = { processedEventsDays: 30, sentMessagesDays: 30 };

export interface PruneResult {
  processedEvents: number;
  sentMessages: number;
}

/** Rows deleted per transaction: a first run over a year of rows never holds the database for long. */
const BATCH = 1000;
const DAY_MS = 24 * 3600_000;

/**
 * Deletes the processed-event ids and the delivered outbox messages older than their retention. Failed messages stay
 * for an operator, pending ones until delivered. Safe on several instances at once: a row another one deleted is
 * simply not found.
 */
export async function pruneRecords(store: Store, now: Date, retention: Retention): Promise<PruneResult> {
  return {
    processedEvents: await deleteInBatches(
      store,
      ProcessedEvent,
      `("platform", "eventId") IN (SELECT "platform", "eventId" FROM "processed_event" WHERE "receivedAt" < :before LIMIT ${BATCH})`,
      daysBefore(now, retention.processedEventsDays),
    ),
    sentMessages: await deleteInBatches(
      store,
      OutboxMessage,
      `"id" IN (SELECT "id" FROM "outbox_message" WHERE "status" = 'sent' AND "sentAt" < :before LIMIT ${BATCH})`,
      daysBefore(now, retention.sentMessagesDays),
    ),
  };
}

/** Deletes the rows `where` picks (at most BATCH at a time, each batch its own transaction) until none is left. */
async function deleteInBatches(store: Store, entity: typeof ProcessedEvent | typeof OutboxMessage, where: string, before: Date): Promise<number> {
  let deleted = 0;
  for (;;) {
    const result = await store.transaction((manager) => manager.createQueryBuilder().delete().from(entity).where(where, { before }).execute());
    const affected = result.affected ?? 0;
    deleted += affected;
    if (affected < BATCH) return deleted;
  }
}

function daysBefore(now: Date, days: number): Date {
  return new Date(now.getTime() - days * DAY_MS);
}
