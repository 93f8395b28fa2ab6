import { randomUUID } from "node:crypto";
import type { EntityManager } from "typeorm";
import { z } from "zod";
import { enqueueOutbound } from "../outbox/outbox";
import type { CallStamp, OutboundFollowup, OutboundTicket } from "./desk-connector";
import type { TicketEventBody, TicketSnapshot } from "./ticket-event";

/**
 * A call to another system, stored in the outbox (route `desk`) in the transaction of the change that causes it, so
 * that an outage or a restart loses none: the ticket to create in another desk, a follow-up to add there, the ticket
 * to close there, or an event for a webhook subscriber. `eventId` is the same on every retry.
 */
export type DeskCall =
  | ({ kind: "desk.create"; deskId: string; transferId: number; ticket: OutboundTicket } & CallStamp)
  | ({ kind: "desk.followup"; deskId: string; transferId: number; snapshot: TicketSnapshot; followup: OutboundFollowup } & CallStamp)
  | ({ kind: "desk.close"; deskId: string; transferId: number; snapshot: TicketSnapshot; note: string } & CallStamp)
  | { kind: "webhook.event"; webhookId: string; event: TicketEventBody };

export type TransferCall = Exclude<DeskCall, { kind: "webhook.event" }>;

/** Stored JSON is checked when read back: a payload of an older shape is refused, not half-used. */
const deskCallSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("desk.create"), deskId: z.string(), transferId: z.number().int(), eventId: z.string(), occurredAt: z.string(), ticket: z.looseObject({ title: z.string(), body: z.string() }) }),
  z.object({ kind: z.literal("desk.followup"), deskId: z.string(), transferId: z.number().int(), eventId: z.string(), occurredAt: z.string(), snapshot: z.looseObject({ id: z.number() }), followup: z.object({ author: z.string(), text: z.string(), body: z.string() }) }),
  z.object({ kind: z.literal("desk.close"), deskId: z.string(), transferId: z.number().int(), eventId: z.string(), occurredAt: z.string(), snapshot: z.looseObject({ id: z.number() }), note: z.string() }),
  z.object({ kind: z.literal("webhook.event"), webhookId: z.string(), event: z.looseObject({ id: z.string(), type: z.string() }) }),
]);

export function parseDeskCall(payload: unknown): DeskCall | null {
  const parsed = deskCallSchema.safeParse(payload);
  // The shape is checked down to what the sender reads; the rest is passed on as it was stored.
  return parsed.success ? (parsed.data as unknown as DeskCall) : null;
}

/** A new id and date for a call, sent with each of its retries. */
export function newStamp(now: Date): CallStamp {
  return { eventId: `evt_${randomUUID()}`, occurredAt: now.toISOString() };
}

/**
 * Queues a call. The calls about one ticket to one desk (or one subscriber) go one after the other, in order (the
 * creation before any follow-up); other tickets go meanwhile.
 */
export async function enqueueDeskCall(manager: EntityManager, ticketId: number, call: DeskCall): Promise<void> {
  const target = call.kind === "webhook.event" ? `webhook:${call.webhookId}` : `desk:${call.deskId}`;
  await enqueueOutbound(manager, [{
    platform: "desk",
    conversation: target,
    orderKey: `${target}:ticket:${ticketId}`,
    view: call,
  }]);
}
