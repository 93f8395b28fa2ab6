import type { EntityManager } from "typeorm";
import { Person } from "../../store/entities/Person";
import { Ticket, type TicketStatus } from "../../store/entities/Ticket";
import type { DeskContext } from "../desk-context";
import { DeskError } from "../desk-error";
import type { Lang } from "../knowledge/article";
import type { FormView } from "../messages/message-view";
import { texts } from "../messages/texts";
import { enqueueOutbound } from "../outbox/outbox";
import { configuredByKey, configuredWithRole, personKey, personOfEntry } from "../people/configured-people";
import { directPlacesOf } from "../people/direct-places";
import { isDeskStaff, isManager } from "../permissions";
import { checkTransition, isOpen } from "../tickets/ticket-lifecycle";
import type { TicketService } from "../tickets/ticket-service";
import { mayWorkAsLevel1 } from "./level1-rights";

/** Who a ticket can be given to: level 1 and the managers who stand in for it. */
const ASSIGNABLE_ROLES = ["agent", "manager"] as const;

/**
 * Who owns a ticket (001: « un interlocuteur unique … jusqu'à sa complète résolution »). Level 1 keeps ownership of
 * every ticket, escalated or not: an agent claims an unowned one (even one the SLA job sent to the experts before
 * anyone claimed it), gives their ticket to a colleague, and a manager takes a ticket from anyone, for instance an
 * absent agent (000: « hors période de congé ou maladie »). Every change of owner is one conditional UPDATE on the
 * owner read, audit-logged, and told to the people it concerns.
 */
export class TicketAssignment {
  constructor(
    private readonly ctx: DeskContext,
    private readonly tickets: TicketService,
  ) {}

  async claim(manager: EntityManager, person: Person, id: number): Promise<Ticket> {
    const t = texts(person.locale);
    const ticket = await this.tickets.load(manager, id, person.locale);
    if (!mayWorkAsLevel1(this.ctx.config, person, ticket)) throw new DeskError("not_allowed", t.notAllowed("claim"));
    if (ticket.approval === "pending") throw new DeskError("awaiting_approval", t.awaitingApprovalRefusal);
    if (ticket.assigneeId !== null) throw await this.alreadyOwned(manager, ticket.assigneeId, person.locale);
    if (!checkTransition("claim", ticket.status, "agent").ok) throw new DeskError("invalid_transition", t.invalidTransition(t.status[ticket.status]));
    const claimed = await this.giveTo(manager, ticket, person, person, "claimed");
    await this.tickets.tellRequester(manager, claimed, (to) => ({
      kind: "notice",
      lang: to.lang,
      ticketId: to.ticketId,
      text: texts(to.lang).takenBy(person.displayName, this.tickets.promises.sentence(claimed, to.lang)),
    }), `taken:${id}:${person.id}`);
    return claimed;
  }

  /** The "Assign to…" form: the configured agents and managers, and who has the ticket now. */
  async assignForm(manager: EntityManager, actor: Person, id: number): Promise<FormView> {
    const ticket = await this.assignableTicket(manager, actor, id);
    const t = texts(actor.locale);
    const owner = ticket.assigneeId === null ? null : await manager.findOne(Person, { where: { id: ticket.assigneeId } });
    const options = configuredWithRole(this.ctx.config, ASSIGNABLE_ROLES).map((entry) => ({ value: personKey(entry), label: entry.role === "manager" ? t.assigneeManager(entry.name) : entry.name }));
    return {
      form: "assign",
      context: String(id),
      lang: actor.locale,
      title: t.assignTitle(id),
      submitLabel: t.assignSubmit,
      intro: owner ? t.assignIntro(owner.displayName) : undefined,
      fields: [{ id: "assignee", label: t.assignee, type: "select", required: true, options }],
    };
  }

  /**
   * Gives the ticket to the configured person named by `key`. An agent gives a ticket that is theirs or nobody's; a
   * manager any ticket, their own take-over included. The previous owner and the new one are told in their direct
   * chat with the bot, the requester in the ticket's thread.
   */
  async assign(manager: EntityManager, actor: Person, id: number, key: string): Promise<Ticket> {
    const t = texts(actor.locale);
    const ticket = await this.assignableTicket(manager, actor, id);
    const entry = configuredByKey(this.ctx.config, key);
    if (!entry || !(ASSIGNABLE_ROLES as readonly string[]).includes(entry.role)) throw new DeskError("invalid_input", t.badOption);
    const assignee = await personOfEntry(manager, this.ctx.directory, entry, this.ctx.platforms());
    if (!assignee) throw new DeskError("invalid_input", t.neverCame(entry.name));
    if (assignee.id === ticket.assigneeId) throw new DeskError("invalid_input", t.alreadyTheirs(assignee.displayName));
    const previous = ticket.assigneeId === null ? null : await manager.findOneOrFail(Person, { where: { id: ticket.assigneeId } });
    const assigned = await this.giveTo(manager, ticket, assignee, actor, previous ? "reassigned" : "assigned");

    if (previous && previous.id !== actor.id) {
      await this.tellPerson(manager, previous, (lang) => texts(lang).ticketTakenFrom(id, ticket.title, actor.displayName, assignee.displayName));
    }
    if (assignee.id !== actor.id) {
      await this.tellPerson(manager, assignee, (lang) => texts(lang).ticketGivenTo(id, ticket.title, actor.displayName));
    }
    await this.tickets.tellRequester(manager, assigned, (to) => ({
      kind: "notice",
      lang: to.lang,
      ticketId: to.ticketId,
      text: texts(to.lang).nowHandledBy(assignee.displayName, this.tickets.promises.sentence(assigned, to.lang)),
    }), `assigned:${id}:${assignee.id}:${this.ctx.now().getTime()}`);
    return assigned;
  }

  /**
   * Sets the owner with one conditional UPDATE on the owner and status read: of two people acting at once, one
   * wins and the other is told who has the ticket. Taking a ticket that nobody took yet ends the take-in-charge
   * clock; a new or acknowledged ticket goes in progress, an escalated one stays with the experts.
   */
  private async giveTo(manager: EntityManager, ticket: Ticket, owner: Person, actor: Person, event: "claimed" | "assigned" | "reassigned"): Promise<Ticket> {
    const now = this.ctx.now();
    const status: TicketStatus = ticket.status === "new" || ticket.status === "acknowledged" ? "in_progress" : ticket.status;
    const query = manager
      .createQueryBuilder()
      .update(Ticket)
      .set({ assigneeId: owner.id, status, takenAt: ticket.takenAt ?? now })
      .where("id = :id AND status = :from", { id: ticket.id, from: ticket.status });
    if (ticket.assigneeId === null) query.andWhere("assigneeId IS NULL");
    else query.andWhere("assigneeId = :previous", { previous: ticket.assigneeId });
    const result = await query.execute();
    if (result.affected !== 1) {
      const current = await this.tickets.load(manager, ticket.id, actor.locale);
      if (current.assigneeId !== null && current.assigneeId !== ticket.assigneeId) throw await this.alreadyOwned(manager, current.assigneeId, actor.locale);
      throw new DeskError("invalid_transition", texts(actor.locale).invalidTransition(texts(actor.locale).status[current.status]));
    }
    await this.tickets.audit(manager, ticket.id, actor.id, event, ticket.status, status, { assignee: owner.id, previous: ticket.assigneeId });
    return this.tickets.afterChange(manager, ticket.id, event, actor.locale);
  }

  /** A ticket the actor may give away: open, approved if it needed approval, and theirs or nobody's unless a manager. */
  private async assignableTicket(manager: EntityManager, actor: Person, id: number): Promise<Ticket> {
    const t = texts(actor.locale);
    if (!isDeskStaff(actor)) throw new DeskError("not_allowed", t.notAllowed(t.assign));
    const ticket = await this.tickets.load(manager, id, actor.locale);
    if (!isOpen(ticket.status)) throw new DeskError("invalid_transition", t.invalidTransition(t.status[ticket.status]));
    if (ticket.approval === "pending") throw new DeskError("awaiting_approval", t.awaitingApprovalRefusal);
    if (ticket.assigneeId !== null && ticket.assigneeId !== actor.id && !isManager(actor)) {
      const owner = await manager.findOneOrFail(Person, { where: { id: ticket.assigneeId } });
      throw new DeskError("not_allowed", t.onlyManagerReassigns(owner.displayName));
    }
    return ticket;
  }

  /** A message for one person alone, in their language, in their direct chat with the bot on each platform. */
  private async tellPerson(manager: EntityManager, person: Person, text: (lang: Lang) => string): Promise<void> {
    const places = await directPlacesOf(manager, [person.id], this.ctx.platforms());
    await enqueueOutbound(manager, places.map((place) => ({
      platform: place.platform,
      conversation: place.conversation,
      view: { kind: "notice", lang: person.locale, text: text(person.locale) },
    })));
  }

  private async alreadyOwned(manager: EntityManager, assigneeId: number, lang: Lang): Promise<DeskError> {
    const owner = await manager.findOneOrFail(Person, { where: { id: assigneeId } });
    return new DeskError("already_claimed", texts(lang).alreadyClaimed(owner.displayName));
  }
}
