import { In, type EntityManager } from "typeorm";
import type { Person } from "../../store/entities/Person";
import { Ticket } from "../../store/entities/Ticket";
import type { Lang } from "../knowledge/article";

/**
 * Merged tickets keep their requester: the requester of a ticket merged into another follows the kept one. They are
 * told of it in their own language, in their own ticket's thread, and the buttons they are given name their own
 * ticket, which leads to the kept one.
 */
export interface RequesterAudience {
  /** The ticket the requester opened: the kept one, or one merged into it. */
  ticketId: number;
  requesterId: number;
  lang: Lang;
}

/** Merges form short chains (a duplicate of a duplicate); this bounds a corrupted loop. */
const MAX_DEPTH = 20;

/** The ticket that stays open for this one: itself, or the one it was merged into (through any chain of merges). */
export async function keptTicket(manager: EntityManager, ticket: Ticket): Promise<Ticket> {
  let kept = ticket;
  for (let depth = 0; kept.mergedIntoId !== null && depth < MAX_DEPTH; depth++) {
    const next = await manager.findOne(Ticket, { where: { id: kept.mergedIntoId } });
    if (!next) break;
    kept = next;
  }
  return kept;
}

/** Everyone waiting on a ticket: its requester, then the requesters of the tickets merged into it, oldest first. */
export async function requesterAudience(manager: EntityManager, ticket: Pick<Ticket, "id" | "requesterId" | "lang">): Promise<RequesterAudience[]> {
  const audience: RequesterAudience[] = [{ ticketId: ticket.id, requesterId: ticket.requesterId, lang: ticket.lang }];
  let parents = [ticket.id];
  for (let depth = 0; parents.length > 0 && depth < MAX_DEPTH; depth++) {
    const merged = await manager.find(Ticket, {
      select: { id: true, requesterId: true, lang: true },
      where: { mergedIntoId: In(parents) },
      order: { id: "ASC" },
    });
    audience.push(...merged.map((m) => ({ ticketId: m.id, requesterId: m.requesterId, lang: m.lang })));
    parents = merged.map((m) => m.id);
  }
  return audience;
}

/** Whether the person is the ticket's requester or the requester of a ticket merged into it. */
export async function isRequesterOf(manager: EntityManager, person: Pick<Person, "id">, ticket: Ticket): Promise<boolean> {
  if (ticket.requesterId === person.id) return true;
  return (await requesterAudience(manager, ticket)).some((a) => a.requesterId === person.id);
}
