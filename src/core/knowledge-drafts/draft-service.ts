import type { EntityManager } from "typeorm";
import { ConversationMessage } from "../../store/entities/ConversationMessage";
import type { Person } from "../../store/entities/Person";
import type { Ticket } from "../../store/entities/Ticket";
import type { DeskContext } from "../desk-context";
import { DeskError } from "../desk-error";
import type { Lang } from "../knowledge/article";
import type { FormView } from "../messages/message-view";
import { validateForm } from "../catalogue/service-catalogue";
import { texts } from "../messages/texts";
import { enqueueOutbound } from "../outbox/outbox";
import { isDeskStaff, isManager } from "../permissions";
import { draftForm } from "../tickets/ticket-forms";
import { draftEditOf, publishDraftForm } from "./publish-form";
import type { TicketService } from "../tickets/ticket-service";
import { configuredPlaces, consolePlaces } from "../tickets/ticket-threads";

/**
 * The knowledge base grows from tickets: an agent turns a resolved ticket's answer into a draft article
 * ("réponse type", as the seeds' monthly reviews do), and a manager publishes it.
 */
export class DraftService {
  constructor(
    private readonly ctx: DeskContext,
    private readonly tickets: TicketService,
  ) {}

  /** The form prefilled from the ticket: its title, the requester's first words, the answer given. */
  async form(manager: EntityManager, agent: Person, ticketId: number): Promise<FormView> {
    const ticket = await this.draftableTicket(manager, agent, ticketId);
    return draftForm(this.ctx.config, ticket, await this.answerOf(manager, ticket), agent.locale);
  }

  async save(manager: EntityManager, agent: Person, ticketId: number, values: Record<string, unknown>): Promise<
    { ok: true; id: string } | { ok: false; errors: Record<string, string> }
  > {
    const ticket = await this.draftableTicket(manager, agent, ticketId);
    const form = draftForm(this.ctx.config, ticket, "", agent.locale);
    const checked = validateForm(form.fields, values, agent.locale);
    if (!checked.ok) return checked;
    const id = await this.library().save({
      title: checked.values.title,
      question: checked.values.question,
      answer: checked.values.answer,
      category: checked.values.category,
      lang: checked.values.lang as Lang,
      ticketId: ticket.id,
      author: agent.displayName,
    });
    await this.tickets.audit(manager, ticket.id, agent.id, "draft_saved", null, null, { article: id });
    const lang = this.ctx.config.desk.defaultLocale;
    const t = texts(lang);
    const places = configuredPlaces(this.ctx.config.management, consolePlaces.management, this.ctx.platforms());
    // Managers read the draft itself in the notice: what would be offered to requesters if published as is.
    await enqueueOutbound(manager, places.map((place) => ({
      platform: place.platform,
      conversation: place.conversation,
      view: {
        kind: "notice" as const,
        lang,
        ticketId: ticket.id,
        text: t.draftToReview(id, agent.displayName, ticket.id),
        fields: [{ label: t.draftTitle, value: checked.values.title }, { label: t.publishQuestions, value: checked.values.question }],
        quote: { author: agent.displayName, text: checked.values.answer },
        actions: [{ action: "kb.publish" as const, label: t.reviewAndPublish, value: id, style: "primary" as const }],
      },
    })));
    return { ok: true, id };
  }

  /** The draft in a form for a manager to edit before publishing it (nothing is published by a press alone). */
  async publishForm(person: Person, id: string): Promise<FormView> {
    const t = texts(person.locale);
    if (!isManager(person)) throw new DeskError("not_allowed", t.onlyManagerPublishes);
    const draft = await this.library().read(id);
    if (!draft) throw new DeskError("not_found", t.draftNotFound(id));
    return publishDraftForm(draft, person.locale);
  }

  /** Publishes the draft as the manager edited it, and reloads the knowledge base so that it is suggested at once. */
  async publish(person: Person, id: string, values: Record<string, unknown>): Promise<
    { ok: true; notice: string } | { ok: false; errors: Record<string, string> }
  > {
    const form = await this.publishForm(person, id);
    const checked = validateForm(form.fields, values, person.locale);
    if (!checked.ok) return checked;
    const t = texts(person.locale);
    if (!(await this.library().publish(id, draftEditOf(checked.values), person.displayName))) throw new DeskError("not_found", t.draftNotFound(id));
    await this.ctx.reloadKnowledge();
    return { ok: true, notice: t.published(id) };
  }

  /** The answer the requester got: the resolution text, else the desk's last public reply. */
  private async answerOf(manager: EntityManager, ticket: Ticket): Promise<string> {
    if (ticket.resolution) return ticket.resolution;
    const replies = await manager.find(ConversationMessage, {
      where: { ticketId: ticket.id, visibility: "public" },
      order: { id: "DESC" },
      take: 20,
    });
    return replies.find((m) => m.authorId !== ticket.requesterId)?.text ?? "";
  }

  private async draftableTicket(manager: EntityManager, agent: Person, ticketId: number): Promise<Ticket> {
    const t = texts(agent.locale);
    if (!isDeskStaff(agent)) throw new DeskError("not_allowed", t.notAllowed("article"));
    const ticket = await this.tickets.load(manager, ticketId, agent.locale);
    if (ticket.status !== "resolved" && ticket.status !== "closed") {
      throw new DeskError("invalid_transition", t.invalidTransition(t.status[ticket.status]));
    }
    return ticket;
  }

  private library() {
    if (!this.ctx.drafts) throw new DeskError("invalid_input", "The knowledge base of this desk is read-only.");
    return this.ctx.drafts;
  }
}
