import type { EntityManager } from "typeorm";
import type { Store } from "../../store/data-source";
import { ExternalTransfer, type TransferState } from "../../store/entities/ExternalTransfer";
import { DeliveryError, type ChannelSender, type Delivery } from "../outbox/channel-sender";
import { parseDeskCall, type DeskCall } from "./desk-calls";
import type { DeskConnector, EventPoster } from "./desk-connector";
import type { ExternalDesks } from "./external-desks";

/** The states in which each call about a transfer still has a purpose; otherwise it is dropped, not made. */
const WANTED_IN: Record<Exclude<DeskCall["kind"], "webhook.event">, readonly TransferState[]> = {
  "desk.create": ["pending"],
  "desk.followup": ["open", "solved"],
  // A ticket created there after its transfer was cancelled is closed there whatever the transfer's state.
  "desk.close": ["open", "solved", "cancelled", "failed", "closed", "deleted"],
};

/**
 * The outbox's sender for calls to other systems (route `desk`): each call is one attempt through the desk's
 * connector or the webhook poster, and what it brought back (the ticket's id there) is recorded in the outbox's own
 * transaction, so that a ticket is never created twice for one successful answer, nor left without its reference.
 */
export class ExternalDeskSender implements ChannelSender<unknown> {
  readonly platform = "desk" as const;

  constructor(
    private readonly store: Store,
    private readonly desks: ExternalDesks,
    private readonly connectors: ReadonlyMap<string, DeskConnector>,
    private readonly postEvent: EventPoster,
  ) {}

  async deliver(delivery: Delivery<unknown>): Promise<{ result?: unknown }> {
    const call = parseDeskCall(delivery.view);
    if (!call) throw new DeliveryError("a stored call of an unknown shape", { permanent: true });
    if (call.kind === "webhook.event") {
      await this.postEvent(call.webhookId, call.event);
      return {};
    }
    const connector = this.connectors.get(call.deskId);
    if (!connector) throw new DeliveryError(`no desk "${call.deskId}" in the desk configuration`, { permanent: true });
    const transfer = await this.store.manager.findOne(ExternalTransfer, { where: { id: call.transferId } });
    // Cancelled, ended or gone meanwhile: nothing to do there any more.
    if (!transfer || !WANTED_IN[call.kind].includes(transfer.state)) return {};
    switch (call.kind) {
      case "desk.create":
        return { result: await connector.create(call.ticket, { eventId: call.eventId, occurredAt: call.occurredAt }) };
      case "desk.followup":
        if (transfer.externalId) await connector.addFollowup({ externalId: transfer.externalId, ticket: call.snapshot, eventId: call.eventId, occurredAt: call.occurredAt }, call.followup);
        return {};
      case "desk.close":
        if (transfer.externalId) await connector.close({ externalId: transfer.externalId, ticket: call.snapshot, eventId: call.eventId, occurredAt: call.occurredAt }, call.note);
        return {};
    }
  }

  async delivered(manager: EntityManager, delivery: Delivery<unknown>, result: unknown): Promise<void> {
    const call = parseDeskCall(delivery.view);
    if (call?.kind === "desk.create" && isCreated(result)) await this.desks.created(manager, call.transferId, result);
  }

  async failed(manager: EntityManager, delivery: Delivery<unknown>, error: unknown, giveUp: boolean): Promise<void> {
    const call = parseDeskCall(delivery.view);
    if (call && call.kind !== "webhook.event") await this.desks.callFailed(manager, call, error, giveUp);
  }
}

function isCreated(result: unknown): result is { externalId: string; reference: string } {
  return typeof result === "object" && result !== null && typeof (result as { externalId?: unknown }).externalId === "string";
}
