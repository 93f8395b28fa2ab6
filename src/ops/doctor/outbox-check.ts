import { MoreThan } from "typeorm";
import type { Store } from "../../store/data-source";
import { OutboxMessage } from "../../store/entities/OutboxMessage";
import { fail, ok, type Check } from "./check";

/** A message waiting longer than this means deliveries are stuck (the README's alert rule uses the same figure). */
export const OUTBOX_STUCK_AFTER_MS = 5 * 60_000;
/** Messages given up within this window are reported; older ones are history. */
const GIVEN_UP_WINDOW_MS = 24 * 3600_000;

/** The outbox as the doctor sees it: messages waiting, the oldest one's age and the last error, and recent give-ups. */
export async function outboxChecks(store: Store, now: Date): Promise<Check[]> {
  const m = store.manager;
  const waiting = await m.count(OutboxMessage, { where: { status: "pending" } });
  const checks: Check[] = [];
  if (waiting === 0) {
    checks.push(ok("outbox: nothing waiting"));
  } else {
    const oldest = await m.findOne(OutboxMessage, { where: { status: "pending" }, order: { createdAt: "ASC", id: "ASC" } });
    const failing = await m.findOne(OutboxMessage, { where: { status: "pending", attempts: MoreThan(0) }, order: { nextAttemptAt: "DESC", id: "DESC" } });
    const age = oldest ? now.getTime() - oldest.createdAt.getTime() : 0;
    const text = `outbox: ${waiting} message${waiting > 1 ? "s" : ""} waiting, the oldest for ${formatAge(age)}${failing?.lastError ? `; last error: ${failing.lastError}` : ""}`;
    checks.push(age < OUTBOX_STUCK_AFTER_MS ? ok(text) : fail(text, "fix what the last error says (and check that guichet is running): waiting messages then go on their own"));
  }
  const givenUp = await m.find(OutboxMessage, {
    where: { status: "failed", nextAttemptAt: MoreThan(new Date(now.getTime() - GIVEN_UP_WINDOW_MS)) },
    order: { nextAttemptAt: "DESC" },
    take: 1,
  });
  if (givenUp.length > 0) {
    const count = await m.count(OutboxMessage, { where: { status: "failed", nextAttemptAt: MoreThan(new Date(now.getTime() - GIVEN_UP_WINDOW_MS)) } });
    checks.push(fail(
      `outbox: ${count} message${count > 1 ? "s" : ""} given up in the last 24 h; last error: ${givenUp[0].lastError ?? "none recorded"}`,
      "they are not sent again: fix the cause so that the next ones go (the log's outbox.gave_up events name each)",
    ));
  }
  return checks;
}

/** "45 s", "12 min", "3 h 05 min", "2 d 4 h". */
export function formatAge(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${String(minutes % 60).padStart(2, "0")} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}
