import type { EntityManager } from "typeorm";
import type { DeskConfig } from "../../config/desk-config-schema";
import { ConversationMessage } from "../../store/entities/ConversationMessage";
import { Person } from "../../store/entities/Person";
import { Ticket } from "../../store/entities/Ticket";
import type { TicketEvent } from "../../store/entities/TicketEvent";
import type { TicketObserver } from "../desk-context";
import { enqueueDeskCall } from "./desk-calls";
import type { TicketEventBody, TicketEventType } from "./ticket-event";
import { deskLabel } from "./transfer-card";
import { snapshotOf } from "./ticket-snapshot";

/** Audit lines that close a ticket, whoever closes it. */
const CLOSINGS = new Set(["close", "merge", "reject", "transfer_closed"]);

/** The public event an audit line is, if any: internal notes and experts' words never leave the desk. */
export function eventTypeOf(event: Pick<TicketEvent, "type" | "fromStatus" | "toStatus">): TicketEventType | null {
  if (event.type === "created") return "ticket.created";
  if (event.type === "reply" || event.type === "requester_reply") return "ticket.followup";
  if (event.type === "resolve") return "ticket.resolved";
  if (event.type === "transfer") return "ticket.transferred";
  if (CLOSINGS.has(event.type)) return "ticket.closed";
  return event.toStatus !== null && event.toStatus !== event.fromStatus ? "ticket.status_changed" : null;
}

/**
 * The signed webhook for anyone (`webhooks` in the desk configuration: a dashboard, an archive, a chat-ops bot): each
 * audit line that is a public event is queued for each subscriber of its type, in the transaction that writes it, so
 * that an event exists if and only if its change committed. The event id is the audit line's, the same on retries.
 */
export class TicketEventFeed implements TicketObserver {
  constructor(private readonly config: DeskConfig) {}

  async ticketEventRecorded(manager: EntityManager, event: TicketEvent): Promise<void> {
    if (this.config.webhooks.length === 0) return;
    const type = eventTypeOf(event);
    const subscribers = type ? this.config.webhooks.filter((hook) => hook.events.includes(type)) : [];
    if (!type || subscribers.length === 0) return;
    const ticket = await manager.findOne(Ticket, { where: { id: event.ticketId } });
    if (!ticket) return;
    const body: TicketEventBody = {
      id: `evt_ticket_event_${event.id}`,
      type,
      occurredAt: event.at.toISOString(),
      ticket: await snapshotOf(manager, this.config, ticket),
      previousStatus: event.fromStatus,
      ...(await this.details(manager, event, ticket, type)),
    };
    for (const hook of subscribers) await enqueueDeskCall(manager, ticket.id, { kind: "webhook.event", webhookId: hook.id, event: body });
  }

  private async details(manager: EntityManager, event: TicketEvent, ticket: Ticket, type: TicketEventType): Promise<Partial<TicketEventBody>> {
    const data = event.data ?? {};
    switch (type) {
      case "ticket.created":
        return { description: ticket.description };
      case "ticket.followup": {
        const message = typeof data.message === "number" ? await manager.findOne(ConversationMessage, { where: { id: data.message } }) : null;
        const author = event.actorId !== null ? await manager.findOne(Person, { where: { id: event.actorId } }) : null;
        return { followup: { from: event.type === "requester_reply" ? "requester" : "desk", author: author?.displayName ?? "?", text: message?.text ?? "" } };
      }
      case "ticket.resolved":
        return { resolution: typeof data.resolution === "string" ? data.resolution : ticket.resolution };
      case "ticket.transferred":
        return { transferredTo: typeof data.desk === "string" ? deskLabel(this.config, data.desk, this.config.desk.defaultLocale) : undefined };
      default:
        return {};
    }
  }
}
