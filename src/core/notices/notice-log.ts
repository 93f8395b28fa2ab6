import { In, type EntityManager } from "typeorm";
import { NoticeRecord } from "../../store/entities/NoticeRecord";
import { insertEntityUnlessPresent } from "../../store/entity-rows";

/** The kinds of notice the jobs and the desk record once. */
export type NoticeKind =
  | "sla_reminder"
  | "sla_breach"
  | "auto_escalation"
  | "auto_close"
  | "incident_declared"
  | "incident_closed"
  | "incident_stale"
  | "digest"
  | "extraction"
  /** The note for a message written while the desk is closed, once per chat and closed period. */
  | "outside_hours";

/**
 * Records a notice under its unique key, in the caller's transaction, before anything is queued for it. Returns
 * false when the key is already recorded: the notice went (or is going) out, and must not be sent again. One
 * statement, not a check then an insert: of two instances recording the same key at once, the second waits for the
 * first's transaction and, once it commits, is told false instead of failing (a requester's message that comes with
 * a notice is then not run twice).
 */
export async function recordNotice(
  manager: EntityManager,
  notice: { key: string; kind: NoticeKind; ticketId?: number | null; at: Date },
): Promise<boolean> {
  return insertEntityUnlessPresent(manager, NoticeRecord, { key: notice.key, kind: notice.kind, ticketId: notice.ticketId ?? null, at: notice.at });
}

export async function isNoticeRecorded(manager: EntityManager, key: string): Promise<boolean> {
  return manager.exists(NoticeRecord, { where: { key } });
}

/** The notice keys already recorded for some tickets (read by index, one query). */
export async function noticeKeysByTicket(manager: EntityManager, ticketIds: number[]): Promise<Map<number, Set<string>>> {
  const keys = new Map<number, Set<string>>(ticketIds.map((id) => [id, new Set<string>()]));
  if (ticketIds.length === 0) return keys;
  const rows = await manager.find(NoticeRecord, { select: { ticketId: true, key: true }, where: { ticketId: In(ticketIds) } });
  for (const row of rows) if (row.ticketId !== null) keys.get(row.ticketId)?.add(row.key);
  return keys;
}

/** Whether an error is a unique-index violation (SQLite or PostgreSQL): another instance recorded it first. */
export function isUniqueViolation(error: unknown): boolean {
  const text = String((error as { code?: string })?.code ?? "") + String((error as Error)?.message ?? "");
  return /23505|UNIQUE constraint failed|SQLITE_CONSTRAINT/.test(text);
}
