import type { EntityManager } from "typeorm";
import type { DeskConfig } from "../../config/desk-config-schema";
import { localize } from "../../config/localized-text";
import { Person } from "../../store/entities/Person";
import type { Ticket } from "../../store/entities/Ticket";
import { texts } from "../messages/texts";
import { categoryLabel } from "../routing/category-labels";
import type { OutboundTicket } from "./desk-connector";
import type { TicketSnapshot } from "./ticket-event";

/** The ticket as events and other desks see it (labels in the desk's default language). */
export async function snapshotOf(manager: EntityManager, config: DeskConfig, ticket: Ticket): Promise<TicketSnapshot> {
  const requester = await manager.findOne(Person, { where: { id: ticket.requesterId } });
  return {
    id: ticket.id,
    title: ticket.title,
    kind: ticket.kind,
    status: ticket.status,
    category: ticket.category,
    categoryLabel: categoryLabel(config, ticket.category, config.desk.defaultLocale),
    priority: ticket.priority,
    requestType: ticket.requestType,
    requester: { name: requester?.displayName ?? "?", email: requester?.email ?? null },
    createdAt: ticket.createdAt.toISOString(),
  };
}

/**
 * The ticket to create in another desk: the requester's words, then the details a catalogue request asked for, the
 * agent's note, and where it comes from, so that the other desk needs nothing more.
 */
export async function outboundTicket(manager: EntityManager, config: DeskConfig, ticket: Ticket, note: string | null): Promise<OutboundTicket> {
  const snapshot = await snapshotOf(manager, config, ticket);
  const lang = config.desk.defaultLocale;
  const t = texts(lang).transfer;
  const fields = Object.entries(ticket.fields ?? {}).map(([id, answer]) => {
    const field = config.requestTypes.find((r) => r.id === ticket.requestType)?.fields.find((f) => f.id === id);
    return `- ${field ? localize(field.label, lang) : id} : ${answer}`;
  });
  const requester = snapshot.requester.email ? `${snapshot.requester.name} <${snapshot.requester.email}>` : snapshot.requester.name;
  const body = [
    ticket.description,
    fields.length > 0 ? `${t.bodyFields}\n${fields.join("\n")}` : "",
    note ? `${t.bodyNote} : ${note}` : "",
    t.bodySource(ticket.id, requester),
  ].filter(Boolean).join("\n\n");
  return { snapshot, title: ticket.title, body, description: ticket.description, note, priority: ticket.priority };
}
