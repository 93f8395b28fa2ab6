import { In, IsNull, type EntityManager } from "typeorm";
import { metrics } from "../../metrics";
import { Conversation } from "../../store/entities/Conversation";
import { outsideHoursNote } from "../commitments/outside-hours-note";
import { ConversationMessage } from "../../store/entities/ConversationMessage";
import { KnowledgeUsage, type KnowledgeUsageEvent } from "../../store/entities/KnowledgeUsage";
import type { Person } from "../../store/entities/Person";
import { Ticket } from "../../store/entities/Ticket";
import { insertEntities, insertEntity, selectEntities } from "../../store/entity-rows";
import { queryReturning } from "../../store/returning-query";
import type { DeskContext } from "../desk-context";
import { DeskError } from "../desk-error";
import type { MajorIncidents } from "../incidents/major-incidents";
import type { Lang, SearchHit } from "../knowledge/article";
import type { MessageView } from "../messages/message-view";
import { texts } from "../messages/texts";
import { enqueueOutbound } from "../outbox/outbox";
import type { ChatPlace } from "../people/platform-user";
import { outOfScopeAnswer } from "../routing/out-of-scope";
import { routeTicket } from "../routing/ticket-routing";
import { findLikelyDuplicate } from "../tickets/duplicate-detection";
import { isRequesterOf } from "../tickets/requester-audience";
import { OPEN_STATUSES } from "../tickets/ticket-lifecycle";
import type { TicketService } from "../tickets/ticket-service";
import { ConcurrentChangeError } from "../../store/transaction-retry";
import { moveConversation, type ConversationChange } from "./conversation-state";
import { detectLanguage } from "./language-detection";

const GREETINGS = /^(bonjour|bonsoir|salut|coucou|hello|hi|hey|merci|thanks|thank you|ok|okay|d'accord)[\s!.,]*$/i;

/** A message that only greets or thanks ("merci !", "ok"): it asks nothing. */
export function isPleasantry(text: string): boolean {
  return GREETINGS.test(text.trim());
}

/**
 * A requester's path from a message to an answer: knowledge suggestions with "did this solve it?", a recorded
 * deflection on yes, and on no a ticket carrying the whole conversation (or the open ticket it duplicates).
 */
export class IntakeFlow {
  constructor(
    private readonly ctx: DeskContext,
    private readonly tickets: TicketService,
    /** Major incidents under way answer matching requests before the knowledge base does. */
    private readonly incidents?: MajorIncidents,
  ) {}

  async onMessage(manager: EntityManager, person: Person, place: ChatPlace, rawText: string): Promise<void> {
    const max = this.ctx.config.desk.maxMessageLength;
    const text = rawText.length > max ? rawText.slice(0, max) : rawText;
    let conversation = await this.activeConversation(manager, person, place);
    if (conversation && !place.thread && (await this.isNewQuestion(manager, conversation, text))) {
      // One question, one conversation: the unanswered one is set aside (its buttons still work) and this one starts.
      await this.moveOrRetry(manager, conversation, { state: "set_aside" });
      conversation = null;
    }
    const lang = conversation?.lang ?? detectLanguage(text, person.locale);
    if (rawText.length > max) await this.say(manager, place, { kind: "notice", lang, text: texts(lang).truncated(max) });

    const greeting = !conversation && GREETINGS.test(text.trim());
    // A greeting opens no conversation in a DM; in a channel thread it does, so that the next message in that
    // thread (which need not mention the bot again) is read as the question.
    const isNew = !conversation && (!greeting || Boolean(place.thread));
    if (isNew) {
      conversation = await insertEntity(manager, Conversation, {
        personId: person.id,
        platform: place.platform,
        address: { conversation: place.conversation, ...(place.thread ? { thread: place.thread } : {}) },
        state: "suggesting",
        lang,
        suggested: null,
        duplicateOfId: null,
        ticketId: null,
      });
    }
    if (greeting || !conversation) {
      await this.say(manager, place, { kind: "help", lang, text: texts(lang).greeting });
      return;
    }
    await insertEntities(manager, ConversationMessage, [{
      conversationId: conversation.id, ticketId: null, authorId: person.id, visibility: "public", text, at: this.ctx.now(),
    }]);
    // Written while the desk is closed: when it reopens and what that means for the promised date, once.
    const closedNote = await outsideHoursNote(manager, this.ctx, conversation);
    if (closedNote) await this.say(manager, place, closedNote);
    // During a major incident its status is the likeliest answer: it comes before any article.
    if (this.incidents && (await this.incidents.answerMatchingRequest(manager, person, conversation, text))) return;
    const elsewhere = outOfScopeAnswer(this.ctx.config, text, lang);
    if (elsewhere) {
      await this.redirect(manager, conversation, elsewhere);
      return;
    }
    // A conversation that begins with this message: everything said so far is this message.
    await this.suggest(manager, person, conversation, isNew ? text : undefined);
  }

  /**
   * Whether a message in a chat without threads starts a new question instead of adding to the unanswered one: it
   * comes after a pause, or its best articles share none with those suggested (a message that finds nothing, such
   * as "it is urgent", adds to the question).
   */
  private async isNewQuestion(manager: EntityManager, conversation: Conversation, text: string): Promise<boolean> {
    const last = await manager.findOne(ConversationMessage, { where: { conversationId: conversation.id }, order: { id: "DESC" } });
    const pause = this.ctx.config.desk.newQuestionAfterMinutes * 60_000;
    if (last && this.ctx.now().getTime() - last.at.getTime() >= pause) return true;
    const suggested = conversation.suggested ?? [];
    if (suggested.length === 0) return false;
    const hits = this.ctx.knowledge.search(text, { lang: detectLanguage(text, conversation.lang), limit: this.ctx.config.desk.suggestions });
    return hits.length > 0 && hits.every((hit) => !suggested.includes(hit.article.id));
  }

  /** The requester says their problem is not the major incident they were told of: back to the knowledge base. */
  async onNotTheIncident(manager: EntityManager, person: Person, conversationId: number): Promise<void> {
    const conversation = Number.isInteger(conversationId) ? await manager.findOne(Conversation, { where: { id: conversationId } }) : null;
    if (!conversation) throw new DeskError("not_found", texts(person.locale).notYourConversation);
    if (conversation.personId !== person.id) throw new DeskError("not_allowed", texts(person.locale).notYourConversation);
    await this.incidents?.decline(manager, conversation.id);
    if (conversation.state !== "done" || conversation.ticketId !== null) return;
    // A second press at the same moment finds the conversation already reopened, and has nothing left to do.
    if (!(await moveConversation(manager, conversation, { state: "suggesting" }))) return;
    await this.suggest(manager, person, conversation);
  }

  /**
   * A request this desk does not handle: the requester is told where to go instead of being filed with a wrong team.
   * The words may mislead, so a ticket stays one press away.
   */
  private async redirect(manager: EntityManager, conversation: Conversation, answer: string): Promise<void> {
    const t = texts(conversation.lang);
    const id = String(conversation.id);
    await this.moveOrRetry(manager, conversation, { state: "offering_ticket", suggested: [] });
    await this.say(manager, placeOf(conversation), {
      kind: "notice",
      lang: conversation.lang,
      text: answer,
      actions: [
        { action: "kb.open_ticket", label: t.openTicketAnyway, value: id },
        { action: "kb.cancel", label: t.cancel, value: id },
      ],
    });
  }

  /** Searches the knowledge base with everything the requester has said so far, and offers the best articles. */
  private async suggest(manager: EntityManager, person: Person, conversation: Conversation, transcript?: string): Promise<void> {
    const question = transcript ?? (await this.transcript(manager, conversation));
    const lang = conversation.lang;
    const t = texts(lang);
    const hits = this.ctx.knowledge.search(question, { lang, limit: this.ctx.config.desk.suggestions });
    metrics.kbSearch(hits.length > 0);
    const id = String(conversation.id);
    if (hits.length === 0) {
      await this.recordUsage(manager, conversation, person, null, "no_match", question);
      await this.moveOrRetry(manager, conversation, { state: "offering_ticket", suggested: [] });
      await this.say(manager, placeOf(conversation), {
        kind: "notice",
        lang,
        text: t.noMatch,
        actions: [
          { action: "kb.open_ticket", label: t.openTicket, value: id, style: "primary" },
          { action: "kb.cancel", label: t.cancel, value: id },
        ],
      });
      return;
    }
    await this.recordUsages(manager, conversation, person, hits.map((hit) => hit.article.id), "shown", question);
    await this.moveOrRetry(manager, conversation, { state: "suggesting", suggested: hits.map((h) => h.article.id) });
    await this.say(manager, placeOf(conversation), suggestionsView(hits, lang, id));
  }

  async onSolved(manager: EntityManager, person: Person, conversationId: number, articleId: string | null): Promise<void> {
    const conversation = await this.ownConversation(manager, person, conversationId);
    await this.moveOrRefuse(manager, conversation, { state: "done" });
    const solvedBy = articleId ?? conversation.suggested?.[0] ?? null;
    if (solvedBy) {
      await this.recordUsage(manager, conversation, person, solvedBy, "clicked", null);
      await this.recordUsage(manager, conversation, person, solvedBy, "solved", null);
    }
    await this.say(manager, placeOf(conversation), { kind: "notice", lang: conversation.lang, text: texts(conversation.lang).deflected });
  }

  async onNotSolved(manager: EntityManager, person: Person, conversationId: number): Promise<void> {
    const conversation = await this.ownConversation(manager, person, conversationId);
    for (const articleId of conversation.suggested ?? []) {
      await this.recordUsage(manager, conversation, person, articleId, "not_solved", null);
    }
    await this.openTicketOrOfferDuplicate(manager, person, conversation);
  }

  async onOpenTicket(manager: EntityManager, person: Person, conversationId: number): Promise<void> {
    await this.openTicketOrOfferDuplicate(manager, person, await this.ownConversation(manager, person, conversationId));
  }

  async onCancel(manager: EntityManager, person: Person, conversationId: number): Promise<void> {
    const conversation = await this.ownConversation(manager, person, conversationId);
    await this.moveOrRefuse(manager, conversation, { state: "done" });
    await this.say(manager, placeOf(conversation), { kind: "notice", lang: conversation.lang, text: texts(conversation.lang).cancelled });
  }

  /** The requester says it is the same problem as their open ticket: the conversation is added to it. */
  async onLinkDuplicate(manager: EntityManager, person: Person, conversationId: number): Promise<void> {
    const conversation = await this.ownConversation(manager, person, conversationId);
    const ticket = conversation.duplicateOfId
      ? await manager.findOne(Ticket, { where: { id: conversation.duplicateOfId, status: In([...OPEN_STATUSES]) } })
      : null;
    if (!ticket) {
      await this.createTicket(manager, person, conversation);
      return;
    }
    await this.moveOrRefuse(manager, conversation, { state: "done", ticketId: ticket.id });
    await this.tickets.requesterReply(manager, person, ticket, await this.transcript(manager, conversation));
    await this.say(manager, placeOf(conversation), { kind: "notice", lang: conversation.lang, ticketId: ticket.id, text: texts(conversation.lang).addedToTicket(ticket.id) });
  }

  /**
   * A requester wrote on a closed ticket: their words are kept in a conversation at the place they wrote, and they are
   * told the ticket is closed and offered a new ticket linked to it, instead of writing into a dead thread. More words
   * written there before they decide join the same offer.
   */
  async offerFollowUp(manager: EntityManager, person: Person, closed: Ticket, place: ChatPlace, text: string): Promise<void> {
    const active = await this.activeConversation(manager, person, place);
    const conversation = active?.state === "offering_ticket" ? active : await manager.save(
      manager.create(Conversation, {
        personId: person.id,
        platform: place.platform,
        address: { conversation: place.conversation, ...(place.thread ? { thread: place.thread } : {}) },
        state: "offering_ticket",
        lang: closed.lang,
        suggested: [],
        duplicateOfId: null,
        ticketId: null,
      }),
    );
    await manager.save(manager.create(ConversationMessage, { conversationId: conversation.id, ticketId: null, authorId: person.id, visibility: "public", text }));
    const t = texts(conversation.lang);
    await this.say(manager, place, {
      kind: "notice",
      lang: conversation.lang,
      text: t.closedTicketOffer(closed.id),
      actions: [
        { action: "ticket.follow_up", label: t.followUp, value: `${conversation.id}:${closed.id}`, style: "primary" },
        { action: "kb.cancel", label: t.cancel, value: String(conversation.id) },
      ],
    });
  }

  /** The requester takes the offer: a new ticket with what they wrote, linked to the closed one. */
  async onFollowUp(manager: EntityManager, person: Person, conversationId: number, closedId: number): Promise<void> {
    const conversation = await this.ownConversation(manager, person, conversationId);
    const closed = Number.isInteger(closedId) ? await manager.findOne(Ticket, { where: { id: closedId } }) : null;
    if (!closed || !(await isRequesterOf(manager, person, closed))) throw new DeskError("not_allowed", texts(person.locale).onlyRequester);
    await this.createTicket(manager, person, conversation, closed);
  }

  async onNewTicket(manager: EntityManager, person: Person, conversationId: number): Promise<void> {
    await this.createTicket(manager, person, await this.ownConversation(manager, person, conversationId));
  }

  private async openTicketOrOfferDuplicate(manager: EntityManager, person: Person, conversation: Conversation): Promise<void> {
    const text = await this.transcript(manager, conversation);
    const open = await manager.find(Ticket, {
      // A workflow request's sub-requests are followed through the request: it is the one to add to.
      where: { requesterId: person.id, status: In([...OPEN_STATUSES]), parentId: IsNull() },
      order: { id: "DESC" },
      take: 50,
    });
    const duplicate = findLikelyDuplicate(text, null, open.map((t) => ({ id: t.id, text: `${t.title}\n${t.description}`, category: t.category, ticket: t })));
    if (!duplicate) {
      await this.createTicket(manager, person, conversation);
      return;
    }
    const t = texts(conversation.lang);
    const id = String(conversation.id);
    await this.moveOrRefuse(manager, conversation, { state: "confirming_duplicate", duplicateOfId: duplicate.id });
    await this.say(manager, placeOf(conversation), {
      kind: "notice",
      lang: conversation.lang,
      text: t.duplicateOffer(duplicate.id, duplicate.ticket.title),
      actions: [
        { action: "dup.link", label: t.addToTicket(duplicate.id), value: id, style: "primary" },
        { action: "dup.new", label: t.newTicket, value: id },
      ],
    });
  }

  private async createTicket(manager: EntityManager, person: Person, conversation: Conversation, followUpOf?: Ticket): Promise<Ticket> {
    if (conversation.ticketId !== null) {
      const existing = await manager.findOne(Ticket, { where: { id: conversation.ticketId } });
      if (existing) return existing;
    }
    await this.moveOrRefuse(manager, conversation, { state: "done" });
    const description = await this.transcript(manager, conversation);
    const hits = this.ctx.knowledge.search(description, { lang: conversation.lang, limit: 3 });
    const routing = routeTicket(this.ctx.config, {
      text: description,
      suggestedCategories: hits.map((h) => h.article.category),
      site: person.site,
    });
    const ticket = await this.tickets.create(manager, {
      requester: person,
      place: placeOf(conversation),
      lang: conversation.lang,
      title: titleFrom(description),
      description,
      ...routing,
      ...(followUpOf ? { followUpOf } : {}),
    });
    await manager.update(Conversation, { id: conversation.id }, { ticketId: ticket.id });
    await manager.update(ConversationMessage, { conversationId: conversation.id }, { ticketId: ticket.id });
    return ticket;
  }

  /** Everything the requester wrote in this conversation, oldest first. */
  private async transcript(manager: EntityManager, conversation: Conversation): Promise<string> {
    const messages = await queryReturning<{ text: string }>(
      manager,
      'SELECT "text" FROM "conversation_message" WHERE "conversationId" = :id ORDER BY "id"',
      { id: conversation.id },
    );
    return messages.map((m) => m.text).join("\n");
  }

  /** Whether the person has a conversation going on at this place (a thread the bot is answering in). */
  async isConversationAt(manager: EntityManager, person: Person, place: ChatPlace): Promise<boolean> {
    return (await this.activeConversation(manager, person, place)) !== null;
  }

  private async activeConversation(manager: EntityManager, person: Person, place: ChatPlace): Promise<Conversation | null> {
    const candidates = await selectEntities(
      manager,
      Conversation,
      'SELECT * FROM "conversation" WHERE "personId" = :person AND "platform" = :platform AND "state" NOT IN (\'done\', \'set_aside\') ORDER BY "id" DESC LIMIT 20',
      { person: person.id, platform: place.platform },
    );
    return candidates.find((c) => c.address.conversation === place.conversation && (c.address.thread ?? null) === (place.thread ?? null)) ?? null;
  }

  /** Only the person who asked may answer "solved?" for their own conversation. */
  private async ownConversation(manager: EntityManager, person: Person, id: number): Promise<Conversation> {
    const conversation = Number.isInteger(id) ? await manager.findOne(Conversation, { where: { id } }) : null;
    if (!conversation) throw new DeskError("not_found", texts(person.locale).notYourConversation);
    if (conversation.personId !== person.id) throw new DeskError("not_allowed", texts(person.locale).notYourConversation);
    if (conversation.state === "done") throw new DeskError("invalid_transition", texts(conversation.lang).conversationOver);
    return conversation;
  }

  /** A button's move: of two presses at once, the second is told the question is already dealt with. */
  private async moveOrRefuse(manager: EntityManager, conversation: Conversation, change: ConversationChange): Promise<void> {
    if (!(await moveConversation(manager, conversation, change))) {
      throw new DeskError("invalid_transition", texts(conversation.lang).conversationOver);
    }
  }

  /** A message's move: if a button press moved the conversation meanwhile, the message is handled again on the new state. */
  private async moveOrRetry(manager: EntityManager, conversation: Conversation, change: ConversationChange): Promise<void> {
    if (!(await moveConversation(manager, conversation, change))) throw new ConcurrentChangeError(`conversation ${conversation.id}`);
  }

  private async recordUsage(
    manager: EntityManager,
    conversation: Conversation,
    person: Person,
    articleId: string | null,
    event: KnowledgeUsageEvent,
    query: string | null,
  ): Promise<void> {
    await this.recordUsages(manager, conversation, person, [articleId], event, query);
  }

  private async recordUsages(
    manager: EntityManager,
    conversation: Conversation,
    person: Person,
    articleIds: Array<string | null>,
    event: KnowledgeUsageEvent,
    query: string | null,
  ): Promise<void> {
    await insertEntities(
      manager,
      KnowledgeUsage,
      articleIds.map((articleId) => ({ articleId, event, conversationId: conversation.id, personId: person.id, query, channel: conversation.platform })),
    );
  }

  private async say(manager: EntityManager, place: ChatPlace, view: MessageView): Promise<void> {
    await enqueueOutbound(manager, [{ platform: place.platform, conversation: place.conversation, thread: place.thread ?? null, view }]);
  }
}

export function placeOf(conversation: Conversation): ChatPlace {
  return { platform: conversation.platform, conversation: conversation.address.conversation, thread: conversation.address.thread ?? null };
}

/** The ticket's title: the first line of what the requester wrote, cut at a word. */
export function titleFrom(text: string, max = 80): string {
  const firstLine = text.trim().split("\n")[0].replace(/\s+/g, " ");
  if (firstLine.length <= max) return firstLine || "?";
  const cut = firstLine.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${space > max / 2 ? cut.slice(0, space) : cut}…`;
}

export function suggestionsView(hits: SearchHit[], lang: Lang, conversationId: string): MessageView {
  const t = texts(lang);
  return {
    kind: "suggestions",
    lang,
    title: t.suggestionsIntro,
    articles: hits.map((h) => ({ id: h.article.id, title: h.article.title, body: h.article.body })),
    text: t.solvedQuestion,
    actions: [
      { action: "kb.solved", label: t.solved, value: `${conversationId}:${hits[0].article.id}`, style: "primary" },
      { action: "kb.not_solved", label: t.notSolved, value: conversationId },
    ],
  };
}
