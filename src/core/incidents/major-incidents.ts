import { In, type EntityManager } from "typeorm";
import { localize } from "../../config/localized-text";
import { Conversation } from "../../store/entities/Conversation";
import { selectEntities } from "../../store/entity-rows";
import { MajorIncident } from "../../store/entities/MajorIncident";
import { MajorIncidentLink } from "../../store/entities/MajorIncidentLink";
import { ConcurrentChangeError } from "../../store/transaction-retry";
import type { Person } from "../../store/entities/Person";
import { Ticket } from "../../store/entities/Ticket";
import { moveConversation } from "../conversation/conversation-state";
import type { DeskContext } from "../desk-context";
import { DeskError } from "../desk-error";
import type { Lang } from "../knowledge/article";
import type { FormView, MessageView } from "../messages/message-view";
import { texts } from "../messages/texts";
import { categoryLabel } from "../routing/category-labels";
import { recordNotice } from "../notices/notice-log";
import { enqueueOutbound, type OutboundMessage } from "../outbox/outbox";
import type { ChatPlace } from "../people/platform-user";
import { isDeskStaff } from "../permissions";
import { containsPhrase, foldText } from "../text-folding";
import { DUPLICATE_THRESHOLD, requestSimilarity } from "../tickets/duplicate-detection";
import { formatDue } from "../promises/date-words";
import { NoWorkingTimeError } from "../sla/business-calendar";
import { workingDurationMs } from "../sla/sla-policy";
import { OPEN_STATUSES } from "../tickets/ticket-lifecycle";
import { configuredPlaces, consolePlaces, postToThreads, triagePlaces } from "../tickets/ticket-threads";

export interface MajorIncidentInput {
  title: string;
  /** The affected category (service) id. */
  category: string;
  description?: string | null;
}

/**
 * Major incidents: an outage that many people will report. Declaring one broadcasts it at once to the announcement
 * channel (the seeds commit to 24 hours) and to the requesters of open tickets in its category; while it is open,
 * a new request that looks like it is answered with its status and linked to it, before any knowledge suggestion;
 * closing it tells everyone linked. Every broadcast is recorded once under a notice key.
 */
export class MajorIncidents {
  constructor(private readonly ctx: DeskContext) {}

  private get lang(): Lang {
    return this.ctx.config.desk.defaultLocale;
  }

  async declare(manager: EntityManager, agent: Person, input: MajorIncidentInput): Promise<MajorIncident> {
    const t = texts(agent.locale);
    if (!isDeskStaff(agent)) throw new DeskError("not_allowed", t.incidentOnlyStaff);
    const category = this.ctx.config.categories.find((c) => c.id === input.category.trim());
    if (!category) {
      throw new DeskError("invalid_input", t.incidentUnknownCategory(input.category, this.ctx.config.categories.map((c) => c.id).join(", ")));
    }
    const title = input.title.replace(/\s+/g, " ").trim().slice(0, 200);
    if (title === "") throw new DeskError("invalid_input", t.incidentUsage);
    const description = input.description?.trim().slice(0, this.ctx.config.desk.maxMessageLength) || null;
    const now = this.ctx.now();
    const incident = await manager.save(
      manager.create(MajorIncident, {
        title, description, category: category.id, status: "open", declaredById: agent.id, declaredAt: now,
        closedById: null, closedAt: null, resolution: null,
      }),
    );
    await recordNotice(manager, { key: `incident:${incident.id}:declared`, kind: "incident_declared", at: now });

    // Requesters already waiting on this service are told in their ticket's thread, and linked for the end.
    const open = await manager.find(Ticket, {
      select: { id: true, requesterId: true, lang: true },
      where: { category: category.id, status: In([...OPEN_STATUSES]) },
      order: { id: "ASC" },
    });
    for (const ticket of open) {
      await manager.insert(MajorIncidentLink, this.link(incident, ticket.requesterId, { ticketId: ticket.id }, now));
      await postToThreads(manager, ticket, "requester", {
        kind: "incident",
        lang: ticket.lang,
        ticketId: ticket.id,
        title: texts(ticket.lang).incidentDeclaredTitle(incident.id, incident.title),
        text: texts(ticket.lang).incidentOnYourTicket(incident.id, incident.title),
      }, { dedupeKey: `incident:${incident.id}:ticket:${ticket.id}` });
    }

    const announcement: MessageView = {
      kind: "incident",
      lang: this.lang,
      title: texts(this.lang).incidentDeclaredTitle(incident.id, incident.title),
      text: [texts(this.lang).incidentDeclared(this.categoryLabel(category.id), this.since(incident)), description ?? "", this.nextNews(incident, this.lang)]
        .filter(Boolean)
        .join("\n"),
    };
    await this.post(manager, this.announcementPlaces(), announcement, `incident:${incident.id}:declared`);
    await this.post(manager, this.staffPlaces(), {
      ...announcement,
      footer: texts(this.lang).incidentDeclaredStaff(agent.displayName, open.length),
      actions: this.staffActions(incident.id),
    }, `incident:${incident.id}:declared:staff`);
    return incident;
  }

  /**
   * An agent gives news of an open incident (001: « 24 heures pour diffuser toutes les informations utiles »): it goes
   * where the declaration went (the announcements, level 1, everyone linked), with when the next news is due.
   */
  async update(manager: EntityManager, agent: Person, id: number, news: string): Promise<MajorIncident> {
    const t = texts(agent.locale);
    if (!isDeskStaff(agent)) throw new DeskError("not_allowed", t.incidentOnlyStaff);
    const text = news.trim().slice(0, this.ctx.config.desk.maxMessageLength);
    if (text === "") throw new DeskError("invalid_input", t.incidentUsage);
    const incident = Number.isInteger(id) ? await manager.findOne(MajorIncident, { where: { id } }) : null;
    if (!incident) throw new DeskError("not_found", t.incidentNotFound(String(id)));
    const now = this.ctx.now();
    const result = await manager
      .createQueryBuilder()
      .update(MajorIncident)
      .set({ lastUpdateAt: now })
      .where("id = :id AND status = 'open'", { id })
      .execute();
    if (result.affected !== 1) throw new DeskError("invalid_transition", t.incidentAlreadyClosed(id));
    const updated = await manager.findOneOrFail(MajorIncident, { where: { id } });
    await this.tellEveryone(manager, updated, (lang) => ({
      kind: "incident",
      lang,
      title: texts(lang).incidentUpdateTitle(id, updated.title),
      text: [texts(lang).incidentUpdate(text), this.nextNews(updated, lang)].filter(Boolean).join("\n"),
    }), `incident:${id}:update:${now.getTime()}`, this.staffActions(id));
    return updated;
  }

  /** When the next news of an open incident is due: `sla.majorIncidentBroadcast` after the last (or the declaration). */
  nextNewsDue(incident: MajorIncident): Date | null {
    const since = incident.lastUpdateAt ?? incident.declaredAt;
    try {
      return this.ctx.calendar.addWorkingMinutes(since, workingDurationMs(this.ctx.calendar, this.ctx.config.sla.majorIncidentBroadcast) / 60_000);
    } catch (error) {
      if (error instanceof NoWorkingTimeError) return null;
      throw error;
    }
  }

  /** The form of an update (Slack modal, Teams card, console prompts). */
  updateForm(lang: Lang, id: number): FormView {
    const t = texts(lang);
    return {
      form: "incident_update",
      context: String(id),
      lang,
      title: t.incidentUpdateFormTitle(id),
      submitLabel: t.incidentUpdateSubmit,
      fields: [{ id: "news", label: t.incidentUpdateField, type: "textarea", required: true, maxLength: this.ctx.config.desk.maxMessageLength }],
    };
  }

  async close(manager: EntityManager, agent: Person, id: number, resolution: string | null): Promise<MajorIncident> {
    const t = texts(agent.locale);
    if (!isDeskStaff(agent)) throw new DeskError("not_allowed", t.incidentOnlyStaff);
    const incident = Number.isInteger(id) ? await manager.findOne(MajorIncident, { where: { id } }) : null;
    if (!incident) throw new DeskError("not_found", t.incidentNotFound(String(id)));
    const now = this.ctx.now();
    const text = resolution?.trim().slice(0, this.ctx.config.desk.maxMessageLength) || null;
    // A conditional update: of two agents closing at once, one closes and the other is told it is closed.
    const result = await manager
      .createQueryBuilder()
      .update(MajorIncident)
      .set({ status: "closed", closedAt: now, closedById: agent.id, resolution: text })
      .where("id = :id AND status = 'open'", { id })
      .execute();
    if (result.affected !== 1) throw new DeskError("invalid_transition", t.incidentAlreadyClosed(id));
    if (!(await recordNotice(manager, { key: `incident:${id}:closed`, kind: "incident_closed", at: now }))) return incident;
    await this.tellEveryone(manager, incident, (lang) => ({
      kind: "incident",
      lang,
      title: texts(lang).incidentClosedTitle(id, incident.title),
      text: texts(lang).incidentClosed(text),
    }), `incident:${id}:closed`);
    return manager.findOneOrFail(MajorIncident, { where: { id } });
  }

  /**
   * Tells everyone concerned by an incident, each message once under `key`: the people linked to it (in their
   * ticket's thread or where they asked, in their language), the announcements place and level 1's channels (with
   * `staffActions`, in the desk's language).
   */
  private async tellEveryone(
    manager: EntityManager,
    incident: MajorIncident,
    view: (lang: Lang) => MessageView,
    key: string,
    staffActions?: MessageView["actions"],
  ): Promise<void> {
    const links = await manager.find(MajorIncidentLink, { where: { incidentId: incident.id, state: "linked" }, order: { id: "ASC" } });
    for (const link of links) {
      const lang = await this.linkLang(manager, link);
      const linked: MessageView = { ...view(lang), ...(link.ticketId !== null ? { ticketId: link.ticketId } : {}) };
      if (link.ticketId !== null) {
        await postToThreads(manager, { id: link.ticketId }, "requester", linked, { dedupeKey: `${key}:ticket:${link.ticketId}` });
      } else if (link.platform && link.conversation) {
        await enqueueOutbound(manager, [{
          platform: link.platform, conversation: link.conversation, thread: link.thread, view: linked, dedupeKey: `${key}:link:${link.id}`,
        }]);
      }
    }
    await this.post(manager, this.announcementPlaces(), view(this.lang), key);
    await this.post(manager, this.staffPlaces(), { ...view(this.lang), ...(staffActions ? { actions: staffActions } : {}) }, `${key}:staff`);
  }

  /** Level 1's buttons on an open incident's posts: give news, close it. */
  private staffActions(id: number): MessageView["actions"] {
    const t = texts(this.lang);
    return [
      { action: "incident.update", label: t.incidentUpdateButton, value: String(id) },
      { action: "incident.close", label: t.incidentClose, value: String(id), style: "primary" },
    ];
  }

  private nextNews(incident: MajorIncident, lang: Lang): string {
    const due = this.nextNewsDue(incident);
    return due ? texts(lang).incidentNextNews(formatDue(this.ctx.config, due, lang)) : "";
  }

  openIncidents(manager: EntityManager): Promise<MajorIncident[]> {
    // Asked at every requester message: one fixed statement.
    return selectEntities(manager, MajorIncident, 'SELECT * FROM "major_incident" WHERE "status" = \'open\' ORDER BY "id"');
  }

  /**
   * Answers a requester's new message with the open major incident it looks like, and links them to it; false when
   * none matches. Asked once per conversation, and not again of someone already waiting for that incident.
   */
  async answerMatchingRequest(manager: EntityManager, person: Person, conversation: Conversation, text: string): Promise<boolean> {
    const open = await this.openIncidents(manager);
    if (open.length === 0) return false;
    const known = await manager.find(MajorIncidentLink, { where: { incidentId: In(open.map((i) => i.id)), personId: person.id } });
    if (known.some((l) => l.conversationId === conversation.id)) return false;
    const incident = open.find((i) => !known.some((l) => l.incidentId === i.id) && this.matches(i, text));
    if (!incident) return false;
    // The conversation ends here; if a button press moved it on meanwhile, the message is handled again on its new state.
    if (!(await moveConversation(manager, conversation, { state: "done" }))) throw new ConcurrentChangeError(`conversation ${conversation.id}`);
    const now = this.ctx.now();
    await manager.insert(MajorIncidentLink, this.link(incident, person.id, {
      conversationId: conversation.id,
      place: { platform: conversation.platform, conversation: conversation.address.conversation, thread: conversation.address.thread ?? null },
    }, now));
    const t = texts(conversation.lang);
    await enqueueOutbound(manager, [{
      platform: conversation.platform,
      conversation: conversation.address.conversation,
      thread: conversation.address.thread ?? null,
      view: {
        kind: "incident",
        lang: conversation.lang,
        title: t.incidentDeclaredTitle(incident.id, incident.title),
        text: t.incidentMatch(incident.id, incident.title, this.since(incident, conversation.lang)),
        actions: [{ action: "incident.other", label: t.incidentOther, value: String(conversation.id) }],
      },
    }]);
    return true;
  }

  /** The requester says their problem is another one: they are no longer told about the incident. */
  async decline(manager: EntityManager, conversationId: number): Promise<void> {
    await manager.update(MajorIncidentLink, { conversationId }, { state: "declined" });
  }

  /** Whether a request looks like the incident: a keyword of its category, or the same words as its title. */
  matches(incident: MajorIncident, text: string): boolean {
    const folded = foldText(text);
    const category = this.ctx.config.categories.find((c) => c.id === incident.category);
    if (category?.keywords.some((k) => containsPhrase(folded, k))) return true;
    return requestSimilarity(text, `${incident.title}\n${incident.description ?? ""}`) >= DUPLICATE_THRESHOLD;
  }

  /** The form an agent fills to declare one (Slack modal, Teams card, console prompts). */
  declareForm(lang: Lang): FormView {
    const t = texts(lang);
    return {
      form: "major_incident",
      context: "",
      lang,
      title: t.incidentFormTitle,
      submitLabel: t.incidentFormSubmit,
      fields: [
        { id: "title", label: t.incidentFormName, type: "text", required: true, maxLength: 200 },
        {
          id: "category",
          label: t.incidentFormCategory,
          type: "select",
          required: true,
          options: this.ctx.config.categories.map((c) => ({ value: c.id, label: localize(c.label, lang) })),
        },
        { id: "description", label: t.incidentFormDescription, type: "textarea", required: false, maxLength: this.ctx.config.desk.maxMessageLength },
      ],
    };
  }

  /** The open incidents as a list view. */
  async listView(manager: EntityManager, lang: Lang): Promise<MessageView> {
    const t = texts(lang);
    const open = await this.openIncidents(manager);
    return {
      kind: "list",
      lang,
      title: t.incidentListTitle,
      text: open.length ? open.map((i) => t.incidentLine(i.id, i.title, this.categoryLabel(i.category, lang), this.since(i, lang))).join("\n") : t.incidentNone,
    };
  }

  private link(
    incident: MajorIncident,
    personId: number,
    target: { ticketId?: number; conversationId?: number; place?: ChatPlace },
    now: Date,
  ): Partial<MajorIncidentLink> {
    return {
      incidentId: incident.id,
      personId,
      ticketId: target.ticketId ?? null,
      conversationId: target.conversationId ?? null,
      platform: target.place?.platform ?? null,
      conversation: target.place?.conversation ?? null,
      thread: target.place?.thread ?? null,
      state: "linked",
      linkedAt: now,
    };
  }

  private async linkLang(manager: EntityManager, link: MajorIncidentLink): Promise<Lang> {
    if (link.ticketId !== null) return (await manager.findOne(Ticket, { select: { id: true, lang: true }, where: { id: link.ticketId } }))?.lang ?? this.lang;
    if (link.conversationId !== null) return (await manager.findOne(Conversation, { where: { id: link.conversationId } }))?.lang ?? this.lang;
    return this.lang;
  }

  private announcementPlaces(): ChatPlace[] {
    return configuredPlaces(this.ctx.config.announcements, consolePlaces.announcements, this.ctx.platforms());
  }

  /** Every level-1 team's triage channel: they get the matching requests' questions and the Close button. */
  private staffPlaces(): ChatPlace[] {
    return this.ctx.config.teams.flatMap((team) => triagePlaces(this.ctx.config, team.id, this.ctx.platforms()));
  }

  private async post(manager: EntityManager, places: ChatPlace[], view: MessageView, key: string): Promise<void> {
    const messages: OutboundMessage[] = places.map((place) => ({
      platform: place.platform, conversation: place.conversation, view, dedupeKey: `${key}:${place.platform}:${place.conversation}`,
    }));
    await enqueueOutbound(manager, messages);
  }

  private categoryLabel(id: string, lang: Lang = this.lang): string {
    return categoryLabel(this.ctx.config, id, lang);
  }

  private since(incident: MajorIncident, lang: Lang = this.lang): string {
    return formatDue(this.ctx.config, incident.declaredAt, lang);
  }
}
