import { loadDeskConfig } from "../../../src/config/desk-config";
import type { DeskConfig } from "../../../src/config/desk-config-schema";
import type { SlaTicket } from "../../../src/core/sla/sla-clock";
import { slaPolicyFor, type SlaPolicy } from "../../../src/core/sla/sla-policy";
import type { Store } from "../../../src/store/data-source";
import { calendar, paris } from "./calendar-fixtures";

/** The shipped desk configuration and the office calendar (Mon–Fri 08:30–12:00, 13:30–17:30, Paris). */
export const deskConfig: DeskConfig = loadDeskConfig();
export const office = calendar();

/**
 * A ticket of category `accounts` (escalation to `identity` after 1 working day), priority normal, opened on
 * Tuesday 24 November 2026 at 10:00 in Paris, nothing done yet. Its default targets, counted by hand:
 *   first answer 4 h      → reminder (3 h) Tue 14:30, breach Tue 15:30
 *   take in charge 2 d    → reminder (675 min) Wed 15:15, breach Thu 10:00
 *   escalation 1 d        → Wed 10:00
 *   resolution 3 d        → reminder (1012.5 min) Thu 11:52:30, breach Fri 10:00
 */
export function slaTicket(changes: Partial<SlaTicket> = {}): SlaTicket {
  return {
    id: 7,
    status: "acknowledged",
    level: 1,
    category: "accounts",
    priority: "normal",
    team: "desk",
    assigneeId: null,
    createdAt: paris("2026-11-24T10:00"),
    acknowledgedAt: paris("2026-11-24T10:00"),
    takenAt: null,
    firstAnswerAt: null,
    escalatedAt: null,
    resolvedAt: null,
    closedAt: null,
    waitingSince: null,
    pausedSeconds: 0,
    ...changes,
  };
}

export function policyOf(ticket: SlaTicket, config: DeskConfig = deskConfig): SlaPolicy {
  return slaPolicyFor(config, office, ticket);
}

/**
 * better-sqlite3 waits for a lock by sleeping in the thread: two desks in one process on one SQLite file would block
 * each other for the whole busy timeout (5 s). Separate processes do not; in a test, the loser of a lock race gives
 * up at once instead, and retries at its next pass.
 */
export function shortBusyTimeout(store: Store): void {
  if (!store.isSqlite) return;
  (store.dataSource.driver as unknown as { databaseConnection: { pragma(p: string): void } }).databaseConnection.pragma("busy_timeout = 20");
}
