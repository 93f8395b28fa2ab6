import type { EntityManager } from "typeorm";
import type { OutboxRoute } from "../store/entities/OutboxMessage";
import { queryReturning } from "../store/returning-query";

/**
 * Records a platform event (Slack event_id, Teams activity id; for `desk`, another desk's call or follow-up) as handled, in the transaction of its effects; false
 * when it already was. On PostgreSQL a second copy arriving at the same moment waits for the first one's transaction
 * to commit, then inserts nothing: no unique-index error, so no other error is ever taken for a duplicate.
 */
export async function recordEvent(manager: EntityManager, platform: OutboxRoute, eventId: string, at: Date): Promise<boolean> {
  const inserted = await queryReturning(
    manager,
    'INSERT INTO "processed_event" ("platform", "eventId", "receivedAt") VALUES (:platform, :eventId, :receivedAt) ON CONFLICT DO NOTHING RETURNING "eventId"',
    { platform, eventId, receivedAt: at },
  );
  return inserted.length === 1;
}
