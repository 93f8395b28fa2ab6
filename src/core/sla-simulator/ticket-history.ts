import type { EntityManager } from "typeorm";
import type { Priority } from "../../config/desk-config-schema";
import { Ticket, type TicketStatus } from "../../store/entities/Ticket";
import { TicketEvent } from "../../store/entities/TicketEvent";

/**
 * What the simulator knows of one ticket: the instants of the events that stop the SLA clocks, as they happened
 * (no calendar changes when an agent claimed), and the status changes of the audit log, from which the pauses are
 * measured again on whichever calendar is replayed. Instants are milliseconds since the epoch: the replay of
 * 100 000 tickets compares numbers, not Date objects.
 */
export interface TicketHistory {
  id: number;
  category: string;
  priority: Priority;
  createdAt: number;
  acknowledgedAt: number | null;
  takenAt: number | null;
  firstAnswerAt: number | null;
  /** The resolution that stands (null after a reopen not yet resolved again). */
  resolvedAt: number | null;
  /** Status changes, oldest first: `statusAt[i]` is when `statuses[i]` began. The first is the creation. */
  statusAt: number[];
  statuses: TicketStatus[];
  /** The first escalation made by a person: the automatic call of level 2 is no longer owed after it. */
  manualEscalationAt: number | null;
}

export type TicketRecord = Pick<
  Ticket,
  "id" | "category" | "priority" | "status" | "createdAt" | "acknowledgedAt" | "takenAt" | "firstAnswerAt" | "resolvedAt" | "closedAt"
>;
export type EventRecord = Pick<TicketEvent, "type" | "toStatus" | "actorId" | "at">;

const time = (date: Date | null): number | null => (date === null ? null : date.getTime());

/**
 * A ticket's history from its row and its audit events (oldest first). A ticket without status events (written
 * before the audit log kept them, or by hand) gets a plausible timeline from its own timestamps: created, resolved,
 * closed.
 */
export function ticketHistory(ticket: TicketRecord, events: readonly EventRecord[]): TicketHistory {
  const statusAt: number[] = [ticket.createdAt.getTime()];
  const statuses: TicketStatus[] = ["new"];
  let manualEscalationAt: number | null = null;
  const moves = events.filter((e) => e.toStatus !== null);
  for (const event of moves) {
    // Never before the previous change: the audit log's order is the truth when clocks disagree.
    const at = Math.max(event.at.getTime(), statusAt[statusAt.length - 1]);
    statusAt.push(at);
    statuses.push(event.toStatus as TicketStatus);
    // The SLA job escalates with no actor; anyone else's escalation ends the automatic one's reason to be.
    if (event.type === "escalate" && event.actorId !== null && manualEscalationAt === null) manualEscalationAt = at;
  }
  if (moves.length === 0) {
    if (ticket.resolvedAt) {
      statusAt.push(ticket.resolvedAt.getTime());
      statuses.push("resolved");
    }
    if (ticket.closedAt) {
      statusAt.push(ticket.closedAt.getTime());
      statuses.push("closed");
    }
    if (ticket.status !== statuses[statuses.length - 1]) {
      statusAt.push(statusAt[statusAt.length - 1]);
      statuses.push(ticket.status);
    }
  }
  return {
    id: ticket.id,
    category: ticket.category,
    priority: ticket.priority,
    createdAt: ticket.createdAt.getTime(),
    acknowledgedAt: time(ticket.acknowledgedAt),
    takenAt: time(ticket.takenAt),
    firstAnswerAt: time(ticket.firstAnswerAt),
    resolvedAt: time(ticket.resolvedAt),
    statusAt,
    statuses,
    manualEscalationAt,
  };
}

const BATCH = 5000;

/**
 * The histories of the tickets opened in [since, until), in batches of a few thousand: a year of tickets is read
 * without holding its audit log in memory at once. Only status-changing events are read, as raw rows: building
 * entities for half a million audit events took most of the command's time.
 */
export async function* readTicketHistories(manager: EntityManager, since: Date, until: Date): AsyncGenerator<TicketHistory[]> {
  const date = dateReader(manager);
  let afterId = 0;
  for (;;) {
    const tickets = (await manager
      .createQueryBuilder(Ticket, "t")
      .select("t.id", "id").addSelect("t.category", "category").addSelect("t.priority", "priority").addSelect("t.status", "status")
      .addSelect("t.createdAt", "createdAt").addSelect("t.acknowledgedAt", "acknowledgedAt").addSelect("t.takenAt", "takenAt")
      .addSelect("t.firstAnswerAt", "firstAnswerAt").addSelect("t.resolvedAt", "resolvedAt").addSelect("t.closedAt", "closedAt")
      .where("t.createdAt >= :since AND t.createdAt < :until AND t.id > :afterId", { since, until, afterId })
      .orderBy("t.id", "ASC")
      .limit(BATCH)
      .getRawMany<Record<string, unknown>>()).map((row): TicketRecord => ({
      id: Number(row.id), category: String(row.category), priority: row.priority as Priority, status: row.status as TicketStatus,
      createdAt: date(row.createdAt) as Date, acknowledgedAt: date(row.acknowledgedAt), takenAt: date(row.takenAt),
      firstAnswerAt: date(row.firstAnswerAt), resolvedAt: date(row.resolvedAt), closedAt: date(row.closedAt),
    }));
    if (tickets.length === 0) return;
    const events = await readStatusEvents(manager, tickets.map((t) => t.id), date);
    yield tickets.map((ticket) => ticketHistory(ticket, events.get(ticket.id) ?? []));
    if (tickets.length < BATCH) return;
    afterId = tickets[tickets.length - 1].id;
  }
}

/**
 * The status-changing audit events of tickets (ids in ascending order), oldest first per ticket. Consecutive ids
 * (a batch of recent tickets) are read as one range by the (ticketId, id) index; scattered ones (tickets still open
 * among many closed) by IN lists short enough for every database's parameter limit.
 */
export async function readStatusEvents(
  manager: EntityManager,
  ids: readonly number[],
  date: (raw: unknown) => Date | null = dateReader(manager),
): Promise<Map<number, EventRecord[]>> {
  const byTicket = new Map<number, EventRecord[]>();
  if (ids.length === 0) return byTicket;
  const [first, last] = [ids[0], ids[ids.length - 1]];
  const query = () => manager
    .createQueryBuilder(TicketEvent, "e")
    .select("e.ticketId", "ticketId").addSelect("e.type", "type").addSelect("e.toStatus", "toStatus")
    .addSelect("e.actorId", "actorId").addSelect("e.at", "at")
    .where("e.toStatus IS NOT NULL")
    .orderBy("e.ticketId", "ASC")
    .addOrderBy("e.id", "ASC");
  const rows: Array<Record<string, unknown>> = [];
  if (last - first < ids.length * 2) {
    rows.push(...await query().andWhere("e.ticketId >= :first AND e.ticketId <= :last", { first, last }).getRawMany<Record<string, unknown>>());
  } else {
    for (let i = 0; i < ids.length; i += 500) {
      rows.push(...await query().andWhere("e.ticketId IN (:...ids)", { ids: ids.slice(i, i + 500) }).getRawMany<Record<string, unknown>>());
    }
  }
  for (const row of rows) {
    const event: EventRecord = {
      type: String(row.type), toStatus: row.toStatus as string, actorId: row.actorId === null ? null : Number(row.actorId), at: date(row.at) as Date,
    };
    const ticketId = Number(row.ticketId);
    const list = byTicket.get(ticketId);
    if (list) list.push(event);
    else byTicket.set(ticketId, [event]);
  }
  return byTicket;
}

/** The status a ticket had at `instant` (its first when the instant comes before its creation). */
export function statusAt(history: TicketHistory, instant: number): TicketStatus {
  let status = history.statuses[0];
  for (let i = 0; i < history.statuses.length && history.statusAt[i] <= instant; i++) status = history.statuses[i];
  return status;
}

/** Reads a raw date column as the driver would hydrate it (SQLite gives text, PostgreSQL a Date). */
function dateReader(manager: EntityManager): (raw: unknown) => Date | null {
  const driver = manager.connection.driver;
  const column = manager.connection.getMetadata(TicketEvent).findColumnWithPropertyName("at");
  if (!column) throw new Error("ticket_event.at is not mapped");
  return (raw) => (raw === null || raw === undefined ? null : (driver.prepareHydratedValue(raw, column) as Date));
}
