import type { EntityManager } from "typeorm";
import { localize } from "../../config/localized-text";
import type { Person } from "../../store/entities/Person";
import { Ticket } from "../../store/entities/Ticket";
import { mayWorkAsLevel1 } from "../assignment/level1-rights";
import type { DeskContext } from "../desk-context";
import { DeskError } from "../desk-error";
import type { Lang } from "../knowledge/article";
import type { FormView } from "../messages/message-view";
import { texts } from "../messages/texts";
import { foldText } from "../text-folding";
import { isOpen } from "../tickets/ticket-lifecycle";
import type { TicketService } from "../tickets/ticket-service";
import { categoryLabel, isUncategorised } from "./category-labels";
import { inferPriority } from "./ticket-routing";

/**
 * Level 1 puts a ticket in its category (an uncategorised one, or one the words misled): the category brings its
 * expert group, its priority rules and its automatic-escalation delay, which the SLA plan follows from then on.
 */
export class TicketCategorisation {
  constructor(
    private readonly ctx: DeskContext,
    private readonly tickets: TicketService,
  ) {}

  async form(manager: EntityManager, person: Person, id: number): Promise<FormView> {
    const ticket = await this.categorisable(manager, person, id);
    const t = texts(person.locale);
    return {
      form: "categorise",
      context: String(id),
      lang: person.locale,
      title: t.categoriseTitle(id),
      submitLabel: t.categoriseSubmit,
      intro: isUncategorised(ticket.category) ? t.categoriseIntro : undefined,
      fields: [
        {
          id: "category",
          label: t.field.category,
          type: "select",
          required: true,
          options: this.ctx.config.categories.map((c) => ({ value: c.id, label: localize(c.label, person.locale) })),
        },
      ],
    };
  }

  /**
   * Sets the category, and the priority that follows from it (the words that raise a priority still do), with a
   * conditional UPDATE on the category read: of two agents categorising at once, the second is told it is done.
   */
  async categorise(manager: EntityManager, person: Person, id: number, category: string): Promise<Ticket> {
    const t = texts(person.locale);
    const ticket = await this.categorisable(manager, person, id);
    if (!this.ctx.config.categories.some((c) => c.id === category)) throw new DeskError("invalid_input", t.badOption);
    if (ticket.category === category) throw new DeskError("invalid_input", t.alreadyInCategory(this.label(category, person.locale)));
    const priority = inferPriority(this.ctx.config, foldText(`${ticket.title}\n${ticket.description}`), category);
    const promised = this.tickets.promises.of(ticket);
    const result = await manager
      .createQueryBuilder()
      .update(Ticket)
      .set({ category, priority })
      .where("id = :id AND category = :from", { id, from: ticket.category })
      .execute();
    if (result.affected !== 1) {
      const current = await this.tickets.load(manager, id, person.locale);
      throw new DeskError("invalid_input", t.alreadyInCategory(this.label(current.category, person.locale)));
    }
    await this.tickets.audit(manager, id, person.id, "categorised", null, null, {
      from: ticket.category, to: category, priority: { from: ticket.priority, to: priority },
    });
    const categorised = await this.tickets.afterChange(manager, id, "categorise", person.locale);
    // The requester hears of it only if the date they were given moves (a new priority, the category's own targets).
    const why = priority !== ticket.priority ? "priority" : "category";
    if (this.tickets.promises.change(promised, categorised, why) !== null) {
      await this.tickets.tellRequester(manager, categorised, (to) => ({
        kind: "notice", lang: to.lang, ticketId: to.ticketId, text: this.tickets.promises.change(promised, categorised, why, to.lang) ?? "",
      }));
    }
    return categorised;
  }

  private async categorisable(manager: EntityManager, person: Person, id: number): Promise<Ticket> {
    const t = texts(person.locale);
    const ticket = await this.tickets.load(manager, id, person.locale);
    if (!mayWorkAsLevel1(this.ctx.config, person, ticket)) throw new DeskError("not_allowed", t.notAllowed(t.categorise));
    if (!isOpen(ticket.status)) throw new DeskError("invalid_transition", t.invalidTransition(t.status[ticket.status]));
    return ticket;
  }

  private label(category: string, lang: Lang): string {
    return categoryLabel(this.ctx.config, category, lang);
  }
}
