import { In, LessThanOrEqual, type EntityManager } from "typeorm";
import { localize } from "../../config/localized-text";
import type { ExternalDeskConfig } from "../../config/desk-config-schema";
import { logger } from "../../logger";
import { ACTIVE_TRANSFER_STATES, ExternalTransfer, type TransferState } from "../../store/entities/ExternalTransfer";
import { OutboxMessage } from "../../store/entities/OutboxMessage";
import type { Person } from "../../store/entities/Person";
import { Ticket } from "../../store/entities/Ticket";
import { actingRole, mayWorkAsLevel1 } from "../assignment/level1-rights";
import type { DeskContext } from "../desk-context";
import { DeskError } from "../desk-error";
import type { FormView, MessageView } from "../messages/message-view";
import { texts } from "../messages/texts";
import { recordEvent } from "../processed-events";
import { checkTransition, reopenedStatus } from "../tickets/ticket-lifecycle";
import type { TicketService } from "../tickets/ticket-service";
import { enqueueDeskCall, newStamp, type TransferCall } from "./desk-calls";
import { RemoteTicketGone, type DeskConnector, type RemoteFollowup, type RemoteStatus } from "./desk-connector";
import { outboundTicket, snapshotOf } from "./ticket-snapshot";
import { deskConfigOf, deskLabel, latestTransfer } from "./transfer-card";

/** What another desk says about a ticket, by webhook or when read: any part may be missing. */
export interface RemoteNews {
  status?: RemoteStatus;
  followups?: RemoteFollowup[];
  solution?: string | null;
  /** The ticket no longer exists there. */
  gone?: boolean;
}

/** Transfers read in one pass of the scheduled job, at most (the next pass takes the rest). */
const POLL_BATCH = 100;

/**
 * Working with the helpdesk a site already runs (004: the new centre « cohabitera avec le helpdesk actuel »; 002:
 * some requests go « directement au Service Desk RIC »). A ticket is handed to another desk at creation (its category
 * or request type) or by an agent's Transfer to…; guichet's clocks stop, the ticket is created there through the
 * outbox (nothing is lost to an outage: the card says it waits, the agent may cancel), and the requester follows it
 * from chat: the reference, status changes and public follow-ups from there, their own replies passed on.
 */
export class ExternalDesks {
  constructor(
    private readonly ctx: DeskContext,
    private readonly tickets: TicketService,
    private readonly connectors: ReadonlyMap<string, DeskConnector>,
  ) {}

  private get config() {
    return this.ctx.config;
  }

  /** The Transfer to… form: the configured desks, and a note for the one chosen. */
  async form(manager: EntityManager, person: Person, id: number): Promise<FormView> {
    await this.transferable(manager, person, id);
    const t = texts(person.locale);
    return {
      form: "transfer",
      context: String(id),
      lang: person.locale,
      title: t.transfer.title(id),
      submitLabel: t.transfer.submit,
      intro: t.transfer.intro,
      fields: [
        {
          id: "desk",
          label: t.transfer.desk,
          type: "select",
          required: true,
          options: this.config.externalDesks.map((desk) => ({ value: desk.id, label: localize(desk.label, person.locale) })),
        },
        { id: "note", label: t.transfer.note, type: "textarea", required: true, maxLength: 2000 },
      ],
    };
  }

  /** An agent hands the ticket to another desk: it waits in the outbox to be created there. */
  async transfer(manager: EntityManager, person: Person, id: number, deskId: string, note: string): Promise<Ticket> {
    const ticket = await this.transferable(manager, person, id);
    const desk = deskConfigOf(this.config, deskId);
    if (!desk) throw new DeskError("invalid_input", texts(person.locale).badOption);
    return this.handOver(manager, ticket, desk, person, note.trim() || null);
  }

  /**
   * A new ticket of a category or request type another desk handles goes there at once (004: coexistence theme by
   * theme). Called before its receipt and card are sent, which then say so.
   */
  async handOverNew(manager: EntityManager, ticket: Ticket): Promise<Ticket> {
    const desk = this.config.externalDesks.find((d) =>
      d.categories.includes(ticket.category) || (ticket.requestType !== null && d.requestTypes.includes(ticket.requestType)));
    if (!desk || ticket.approval === "pending") return ticket;
    return this.handOver(manager, ticket, desk, null, null);
  }

  /**
   * Cancels a transfer not created there yet (the other system unreachable, or refusing): level 1 has the ticket
   * again. The calls still waiting are dropped; a creation already under way is closed there when it succeeds.
   */
  async cancel(manager: EntityManager, person: Person, id: number): Promise<string> {
    const t = texts(person.locale);
    const ticket = await this.tickets.load(manager, id, person.locale);
    if (!mayWorkAsLevel1(this.config, person, ticket)) throw new DeskError("not_allowed", t.notAllowed(t.transfer.cancelButton));
    const transfer = await latestTransfer(manager, id);
    if (!transfer || ticket.status !== "transferred") throw new DeskError("invalid_transition", t.invalidTransition(t.status[ticket.status]));
    if (!(await this.endTransfer(manager, transfer, ["pending", "failed"], "cancelled"))) throw new DeskError("invalid_transition", t.transfer.notCancellable);
    await manager
      .createQueryBuilder()
      .delete()
      .from(OutboxMessage)
      .where("orderKey = :key AND status = 'pending' AND lockedUntil IS NULL", { key: `desk:${transfer.deskId}:ticket:${id}` })
      .execute();
    const back = await this.giveBack(manager, ticket, transfer, person, "cancelled");
    // The receipt of an automatic transfer told the requester; an agent's transfer was not told until created there.
    if (transfer.automatic) await this.tell(manager, back, transfer.deskId, (t, _desk, to) => ({ text: t.stays(to) }), `transfer-stays:${transfer.id}`);
    return t.transfer.cancelledNotice(id);
  }

  /** The requester wrote on a ticket another desk has: their words go there as a follow-up. */
  async requesterWrote(manager: EntityManager, ticket: Ticket, requester: Person, text: string): Promise<void> {
    const transfer = await latestTransfer(manager, ticket.id);
    if (!transfer || !ACTIVE_TRANSFER_STATES.includes(transfer.state)) return;
    const lang = this.config.desk.defaultLocale;
    await enqueueDeskCall(manager, ticket.id, {
      kind: "desk.followup",
      deskId: transfer.deskId,
      transferId: transfer.id,
      ...newStamp(this.ctx.now()),
      snapshot: await snapshotOf(manager, this.config, ticket),
      followup: { author: requester.displayName, text, body: texts(lang).transfer.requesterWrote(requester.displayName, text) },
    });
  }

  /**
   * The ticket exists in the other desk's system (recorded with the outbox's own record of the call): the requester
   * is told who has it and its reference. A transfer cancelled while the creation was under way is closed there.
   */
  async created(manager: EntityManager, transferId: number, created: { externalId: string; reference: string }): Promise<void> {
    const now = this.ctx.now();
    const transfer = await manager.findOneOrFail(ExternalTransfer, { where: { id: transferId } });
    const desk = deskConfigOf(this.config, transfer.deskId);
    const polls = desk !== undefined && (this.connectors.get(desk.id)?.polls ?? false);
    const opened = await manager
      .createQueryBuilder()
      .update(ExternalTransfer)
      .set({
        state: "open", externalId: created.externalId, reference: created.reference, openedAt: now, lastError: null, remoteStatus: "new",
        nextPollAt: polls && desk ? new Date(now.getTime() + desk.pollMinutes * 60_000) : null,
      })
      .where("id = :id AND state = 'pending'", { id: transferId })
      .execute();
    const ticket = await this.tickets.load(manager, transfer.ticketId, this.config.desk.defaultLocale);
    if (opened.affected !== 1) {
      await manager.update(ExternalTransfer, { id: transferId }, { externalId: created.externalId, reference: created.reference });
      logger.warn({ event: "desk.created_after_cancel", desk: transfer.deskId, ticket: ticket.id, externalId: created.externalId }, "closing there a ticket whose transfer was cancelled meanwhile");
      await enqueueDeskCall(manager, ticket.id, {
        kind: "desk.close", deskId: transfer.deskId, transferId, ...newStamp(now),
        snapshot: await snapshotOf(manager, this.config, ticket), note: texts(this.config.desk.defaultLocale).transfer.cancelledThere(ticket.id),
      });
      return;
    }
    await this.tickets.audit(manager, ticket.id, null, "transfer_opened", null, null, { desk: transfer.deskId, reference: created.reference });
    await this.tell(manager, ticket, transfer.deskId, (t, desk, to) => ({ replyHint: "answer", text: t.handedOver(to, desk, created.reference) }), `transfer-opened:${transferId}`);
    await this.tickets.refreshCard(manager, ticket);
  }

  /**
   * A call to the other desk failed (recorded with the outbox's record of the failure). The card says why while the
   * creation waits, and that it failed once the outbox gives up; a ticket gone from there comes back to level 1.
   */
  async callFailed(manager: EntityManager, call: TransferCall, error: unknown, giveUp: boolean): Promise<void> {
    const transfer = await manager.findOne(ExternalTransfer, { where: { id: call.transferId } });
    if (!transfer) return;
    if (error instanceof RemoteTicketGone) {
      await this.gone(manager, transfer);
      return;
    }
    const reason = error instanceof Error ? error.message : String(error);
    const state: TransferState = call.kind === "desk.create" && giveUp ? "failed" : transfer.state;
    // Only what changes the card is written: a retry failing the same way leaves it as it is.
    if (reason === transfer.lastError && state === transfer.state) return;
    const written = await manager
      .createQueryBuilder()
      .update(ExternalTransfer)
      .set({ lastError: reason.slice(0, 500), state, ...(state === "failed" ? { endedAt: this.ctx.now() } : {}) })
      .where("id = :id AND state = :state", { id: transfer.id, state: transfer.state })
      .execute();
    if (written.affected !== 1) return;
    if (state === "failed") await this.tickets.audit(manager, transfer.ticketId, null, "transfer_failed", null, null, { desk: transfer.deskId, error: reason.slice(0, 500) });
    await this.tickets.refreshCard(manager, await this.tickets.load(manager, transfer.ticketId, this.config.desk.defaultLocale));
  }

  /**
   * One pass of the scheduled job: each transferred ticket due for a reading is read in its desk's system, and what
   * changed there is told to the requester. Safe on several instances: each reading is claimed by moving its next
   * date first, with a conditional update only one instance wins.
   */
  async poll(): Promise<number> {
    const polling = [...this.connectors].filter(([, connector]) => connector.polls).map(([id]) => id);
    if (polling.length === 0) return 0;
    const now = this.ctx.now();
    const due = await this.ctx.store.manager.find(ExternalTransfer, {
      where: { state: In(["open", "solved"]), deskId: In(polling), nextPollAt: LessThanOrEqual(now) },
      order: { nextPollAt: "ASC", id: "ASC" },
      take: POLL_BATCH,
    });
    let read = 0;
    for (const transfer of due) {
      const desk = deskConfigOf(this.config, transfer.deskId);
      const connector = this.connectors.get(transfer.deskId);
      if (!desk || !connector || !transfer.externalId) continue;
      const claimed = await this.ctx.store.transaction((m) => m
        .createQueryBuilder()
        .update(ExternalTransfer)
        .set({ nextPollAt: new Date(now.getTime() + desk.pollMinutes * 60_000) })
        .where("id = :id AND nextPollAt <= :now AND state IN ('open', 'solved')", { id: transfer.id, now })
        .execute());
      if (claimed.affected !== 1) continue;
      let news: RemoteNews;
      try {
        news = await connector.readStatus(transfer.externalId);
      } catch (error) {
        if (!(error instanceof RemoteTicketGone)) {
          logger.warn({ event: "desk.poll_failed", desk: transfer.deskId, ticket: transfer.ticketId, error: (error as Error).message }, "reading a transferred ticket failed; it is read again at its next turn");
          continue;
        }
        news = { gone: true };
      }
      await this.ctx.store.transactionRetrying((m) => this.applyNews(m, transfer.id, news));
      read++;
    }
    return read;
  }

  /**
   * What the other desk says about a ticket (read by the job, or received on its webhook), applied once: each
   * follow-up is passed on once (by its id there), a status is told when it changes, a closing there closes the ticket
   * here, a ticket gone from there comes back to level 1.
   */
  async applyNews(manager: EntityManager, transferId: number, news: RemoteNews): Promise<void> {
    const transfer = await manager.findOne(ExternalTransfer, { where: { id: transferId } });
    if (!transfer || !["open", "solved"].includes(transfer.state)) return;
    if (news.gone) {
      await this.gone(manager, transfer);
      return;
    }
    let ticket = await this.tickets.load(manager, transfer.ticketId, this.config.desk.defaultLocale);
    // Numeric ids (GLPI, Zammad) only grow: the highest passed on is kept with the transfer, so that nothing is passed on
    // twice after the processed-event ids are pruned; any id is also recorded, for systems whose ids are not numbers.
    let highest = transfer.lastFollowupId;
    for (const followup of news.followups ?? []) {
      const numeric = /^\d{1,15}$/.test(followup.id) ? Number(followup.id) : null;
      if (numeric !== null && transfer.lastFollowupId !== null && numeric <= transfer.lastFollowupId) continue;
      if (!(await recordEvent(manager, "desk", `followup:${transfer.id}:${followup.id}`, this.ctx.now()))) continue;
      if (numeric !== null) highest = Math.max(highest ?? 0, numeric);
      await this.tickets.audit(manager, ticket.id, null, "desk_followup", null, null, { desk: transfer.deskId, id: followup.id });
      await this.tell(manager, ticket, transfer.deskId, (t, desk) => ({ kind: "relay", quote: { author: t.deskAuthor(followup.author, desk), text: followup.text } }));
    }
    if (highest !== transfer.lastFollowupId) {
      await manager
        .createQueryBuilder()
        .update(ExternalTransfer)
        .set({ lastFollowupId: highest })
        .where("id = :id AND (lastFollowupId IS NULL OR lastFollowupId < :highest)", { id: transfer.id, highest })
        .execute();
    }
    const status = news.status;
    if (!status || status === transfer.remoteStatus) return;
    const state: TransferState = status === "closed" ? "closed" : status === "solved" ? "solved" : "open";
    const moved = await manager
      .createQueryBuilder()
      .update(ExternalTransfer)
      .set({ remoteStatus: status, state, ...(state === "closed" ? { endedAt: this.ctx.now(), nextPollAt: null } : {}) })
      .where("id = :id AND state = :state AND COALESCE(remoteStatus, '') = :was", { id: transfer.id, state: transfer.state, was: transfer.remoteStatus ?? "" })
      .execute();
    if (moved.affected !== 1) return;
    await this.tickets.audit(manager, ticket.id, null, "desk_status", null, null, { desk: transfer.deskId, status });
    const solution = (desk: string): Partial<MessageView> => (news.solution ? { quote: { author: desk, text: news.solution } } : {});
    if (news.solution) await manager.update(Ticket, { id: ticket.id }, { resolution: news.solution.slice(0, 20_000) });
    if (status === "closed") {
      ticket = await this.tickets.move(manager, ticket, "transfer_closed", null, { closedAt: this.ctx.now() }, { desk: transfer.deskId });
      // Told of the solution already, the requester needs no second message for the closing.
      if (transfer.remoteStatus !== "solved") await this.tell(manager, ticket, transfer.deskId, (t, desk, to) => ({ text: t.closed(to, desk), ...solution(desk) }), `transfer-closed:${transfer.id}`);
      return;
    }
    if (status === "solved") {
      await this.tell(manager, ticket, transfer.deskId, (t, desk, to) => ({ text: t.solved(to, desk), ...solution(desk) }), `transfer-solved:${transfer.id}:${this.ctx.now().getTime()}`);
    } else {
      await this.tell(manager, ticket, transfer.deskId, (t, desk, to) => ({ text: t.statusChanged(to, desk, t.remote[status]) }));
    }
    await this.tickets.refreshCard(manager, ticket);
  }

  /** The transfer that a webhook desk's call names: the latest one of the ticket, to this desk, still followed. */
  async transferFor(manager: EntityManager, deskId: string, ticketId: number | null, externalId: string | null): Promise<ExternalTransfer | null> {
    const found = ticketId !== null
      ? await latestTransfer(manager, ticketId)
      : externalId !== null ? await manager.findOne(ExternalTransfer, { where: { deskId, externalId }, order: { id: "DESC" } }) : null;
    return found && found.deskId === deskId ? found : null;
  }

  /** The ticket no longer exists there: the transfer ends and level 1 has it again, the requester is told. */
  private async gone(manager: EntityManager, transfer: ExternalTransfer): Promise<void> {
    if (!(await this.endTransfer(manager, transfer, ["pending", "open", "solved"], "deleted"))) return;
    const ticket = await this.tickets.load(manager, transfer.ticketId, this.config.desk.defaultLocale);
    if (ticket.status !== "transferred") return;
    logger.warn({ event: "desk.ticket_gone", desk: transfer.deskId, ticket: ticket.id, externalId: transfer.externalId }, "the ticket was deleted in the other desk's system: back to level 1");
    const back = await this.giveBack(manager, ticket, transfer, null, "deleted");
    await this.tell(manager, back, transfer.deskId, (t, desk, to) => ({ text: t.back(to, desk) }), `transfer-back:${transfer.id}`);
  }

  /** Ends a transfer that is in one of `from`, with a conditional update: false when it had moved on meanwhile. */
  private async endTransfer(manager: EntityManager, transfer: ExternalTransfer, from: TransferState[], to: TransferState): Promise<boolean> {
    const ended = await manager
      .createQueryBuilder()
      .update(ExternalTransfer)
      .set({ state: to, endedAt: this.ctx.now(), nextPollAt: null })
      .where("id = :id AND state IN (:...from)", { id: transfer.id, from })
      .execute();
    return ended.affected === 1;
  }

  /**
   * The ticket back with level 1 (to its owner if it had one): its clocks go on from where they stopped, the time it
   * spent with the other desk counted as a pause of the resolution clock, like the time a reopened ticket was resolved.
   */
  private async giveBack(manager: EntityManager, ticket: Ticket, transfer: ExternalTransfer, actor: Person | null, reason: "cancelled" | "deleted"): Promise<Ticket> {
    const away = Math.round(this.ctx.calendar.workingMillisecondsBetween(transfer.createdAt, this.ctx.now()) / 1000);
    return this.tickets.move(manager, ticket, "transfer_back", actor, {
      status: reopenedStatus(ticket.assigneeId),
      pausedSeconds: ticket.pausedSeconds + away,
    }, { desk: transfer.deskId, reason });
  }

  /**
   * The hand-over itself: the ticket leaves level 1's queue (a conditional update on the status read), its clocks
   * stop (a wait for the requester ends), the transfer is recorded and its creation there queued in the outbox.
   */
  private async handOver(manager: EntityManager, ticket: Ticket, desk: ExternalDeskConfig, actor: Person | null, note: string | null): Promise<Ticket> {
    const now = this.ctx.now();
    // Recorded first, so that the card the move redraws shows the transfer; a move that loses rolls it all back.
    const transfer = await manager.save(manager.create(ExternalTransfer, {
      ticketId: ticket.id, deskId: desk.id, state: "pending", automatic: actor === null, note, actorId: actor?.id ?? null,
      externalId: null, reference: null, remoteStatus: null, lastFollowupId: null, lastError: null, nextPollAt: null, createdAt: now, openedAt: null, endedAt: null,
    }));
    const waited = ticket.waitingSince ? Math.round(this.ctx.calendar.workingMillisecondsBetween(ticket.waitingSince, now) / 1000) : 0;
    // An automatic transfer happens before the ticket's card is posted: there is no card to redraw yet.
    const transferred = await this.tickets.move(manager, ticket, "transfer", actor, { waitingSince: null, pausedSeconds: ticket.pausedSeconds + waited },
      { desk: desk.id, automatic: actor === null }, { refreshCard: actor !== null });
    await enqueueDeskCall(manager, ticket.id, {
      kind: "desk.create", deskId: desk.id, transferId: transfer.id, ...newStamp(now),
      ticket: await outboundTicket(manager, this.config, transferred, note),
    });
    return transferred;
  }

  /** A ticket level 1 may hand over: open, approved if it needed approval, and the actor doing level 1's work. */
  private async transferable(manager: EntityManager, person: Person, id: number): Promise<Ticket> {
    const t = texts(person.locale);
    const ticket = await this.tickets.load(manager, id, person.locale);
    if (!mayWorkAsLevel1(this.config, person, ticket)) throw new DeskError("not_allowed", t.notAllowed(t.transfer.button));
    if (this.config.externalDesks.length === 0) throw new DeskError("invalid_input", t.badOption);
    if (ticket.approval === "pending") throw new DeskError("awaiting_approval", t.awaitingApprovalRefusal);
    if (!checkTransition("transfer", ticket.status, actingRole(this.config, person, ticket)).ok) {
      throw new DeskError("invalid_transition", t.invalidTransition(t.status[ticket.status]));
    }
    return ticket;
  }

  /**
   * Tells each requester waiting on the ticket (its own, and those of tickets merged into it) in their language, naming
   * their own ticket: `write` gets the transfer's sentences, the desk's name and that ticket's number.
   */
  private async tell(
    manager: EntityManager,
    ticket: Ticket,
    deskId: string,
    write: (t: ReturnType<typeof texts>["transfer"], desk: string, ticketId: number) => Partial<MessageView>,
    dedupeKey?: string,
  ): Promise<void> {
    await this.tickets.tellRequester(manager, ticket, (to) => ({
      kind: "notice", lang: to.lang, ticketId: to.ticketId, ...write(texts(to.lang).transfer, deskLabel(this.config, deskId, to.lang), to.ticketId),
    }), dedupeKey);
  }

}
