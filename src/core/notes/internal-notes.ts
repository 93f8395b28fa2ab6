import type { EntityManager } from "typeorm";
import type { Person } from "../../store/entities/Person";
import { validateForm } from "../catalogue/service-catalogue";
import { DeskError } from "../desk-error";
import type { Lang } from "../knowledge/article";
import type { ActionOutcome, FormView } from "../messages/message-view";
import { texts } from "../messages/texts";
import type { ChatPlace } from "../people/platform-user";
import { isDeskStaff } from "../permissions";
import type { TicketService } from "../tickets/ticket-service";
import { threadAt } from "../tickets/ticket-threads";

/**
 * Internal notes that need no marker: the "Note interne" button of the ticket card, and the Slack message shortcut on
 * a reply in a ticket's thread, both open a form whose answer is stored as a note and never sent to the requester.
 */
export class InternalNotes {
  constructor(private readonly tickets: TicketService) {}

  /** The note form of ticket `ticketId`, for desk staff only. */
  async form(manager: EntityManager, person: Person, ticketId: number, initial = ""): Promise<FormView> {
    this.requireStaff(person);
    const ticket = await this.tickets.load(manager, ticketId, person.locale);
    return noteForm(ticket.id, person.locale, initial);
  }

  /** The note form of the ticket whose thread holds `place` (a message in a triage or expert thread). */
  async formAt(manager: EntityManager, person: Person, place: ChatPlace, initial: string): Promise<FormView> {
    this.requireStaff(person);
    const thread = await threadAt(manager, place);
    if (!thread || thread.role === "requester") throw new DeskError("not_found", texts(person.locale).noteOutsideTicket);
    return this.form(manager, person, thread.ticketId, initial);
  }

  async save(manager: EntityManager, person: Person, ticketId: number, values: Record<string, unknown>): Promise<ActionOutcome> {
    this.requireStaff(person);
    const ticket = await this.tickets.load(manager, ticketId, person.locale);
    const checked = validateForm(noteForm(ticket.id, person.locale).fields, values, person.locale);
    if (!checked.ok) return { kind: "invalid", errors: checked.errors };
    await this.tickets.addNote(manager, person, ticket, checked.values.note);
    return { kind: "done", notice: texts(person.locale).noteKept(ticket.id) };
  }

  private requireStaff(person: Person): void {
    if (!isDeskStaff(person)) throw new DeskError("not_allowed", texts(person.locale).notAllowed(texts(person.locale).noteButton));
  }
}

export function noteForm(ticketId: number, lang: Lang, initial = ""): FormView {
  const t = texts(lang);
  return {
    form: "note",
    context: String(ticketId),
    lang,
    title: t.noteFormTitle(ticketId),
    intro: t.noteFormIntro,
    submitLabel: t.noteSubmit,
    fields: [{ id: "note", label: t.noteField, type: "textarea", required: true, maxLength: 3000, ...(initial ? { initial: initial.slice(0, 3000) } : {}) }],
  };
}
