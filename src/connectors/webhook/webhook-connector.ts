import {
  type CallStamp,
  type DeskConnector,
  type OutboundFollowup,
  type OutboundTicket,
  type RemoteRef,
  type RemoteTicket,
} from "../../core/external-desks/desk-connector";
import type { TicketEventBody } from "../../core/external-desks/ticket-event";
import { DeliveryError } from "../../core/outbox/channel-sender";
import { postSignedEvent, type SignedTarget } from "./signed-post";

/**
 * Any system reached by signed webhooks: guichet POSTs `ticket.created` (with the requester's words and the agent's
 * note), `ticket.followup` (the requester's replies) and `ticket.closed` (a transfer taken back); the system answers
 * a creation with its own reference if it has one (`{"reference": "RIC-42", "id": "42"}`) and calls back on
 * `POST /hooks/<desk>` with status changes and follow-ups for the requester. It is never polled.
 */
export class WebhookConnector implements DeskConnector {
  readonly polls = false;

  constructor(
    private readonly deskId: string,
    private readonly target: SignedTarget,
    private readonly now: () => Date,
  ) {}

  async create(ticket: OutboundTicket, stamp: CallStamp): Promise<{ externalId: string; reference: string }> {
    const answer = await this.post({
      id: stamp.eventId, type: "ticket.created", occurredAt: stamp.occurredAt, desk: this.deskId, ticket: ticket.snapshot,
      description: ticket.description, note: ticket.note,
    });
    const given = (answer && typeof answer === "object" ? answer : {}) as { id?: unknown; reference?: unknown };
    const externalId = typeof given.id === "string" || typeof given.id === "number" ? String(given.id) : `guichet-${ticket.snapshot.id}`;
    const reference = typeof given.reference === "string" || typeof given.reference === "number" ? String(given.reference) : externalId;
    return { externalId: externalId.slice(0, 100), reference: reference.slice(0, 100) };
  }

  async addFollowup(ref: RemoteRef, followup: OutboundFollowup): Promise<void> {
    await this.post({
      id: ref.eventId, type: "ticket.followup", occurredAt: ref.occurredAt, desk: this.deskId, externalId: ref.externalId, ticket: ref.ticket,
      followup: { from: "requester", author: followup.author, text: followup.text },
    });
  }

  async readStatus(): Promise<RemoteTicket> {
    throw new DeliveryError(`the webhook desk ${this.deskId} is not read: it calls back on /hooks/${this.deskId}`, { permanent: true });
  }

  async close(ref: RemoteRef, note: string): Promise<void> {
    await this.post({ id: ref.eventId, type: "ticket.closed", occurredAt: ref.occurredAt, desk: this.deskId, externalId: ref.externalId, ticket: ref.ticket, note });
  }

  private async post(event: TicketEventBody): Promise<unknown> {
    return (await postSignedEvent(this.target, event, this.now())).body;
  }
}
