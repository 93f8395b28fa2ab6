import { In, type EntityManager } from "typeorm";
import type { Priority } from "../../config/desk-config-schema";
import { localize } from "../../config/localized-text";
import { ConversationMessage } from "../../store/entities/ConversationMessage";
import { Person } from "../../store/entities/Person";
import { Ticket, type TicketKind } from "../../store/entities/Ticket";
import { ConcurrentChangeError } from "../../store/transaction-retry";
import { TicketEvent } from "../../store/entities/TicketEvent";
import type { DeskContext } from "../desk-context";
import { DeskError } from "../desk-error";
import type { Lang } from "../knowledge/article";
import type { FormView, MessageView, MilestonesView } from "../messages/message-view";
import { texts } from "../messages/texts";
import { readInternalNote } from "../notes/note-marker";
import type { ChatPlace } from "../people/platform-user";
import { profileFor } from "../people/profiles";
import { actingRole, mayWorkAsLevel1 } from "../assignment/level1-rights";
import { canAnswerForGroup, isDeskStaff, isManager } from "../permissions";
import { latestTransfer, transferCardPart } from "../external-desks/transfer-card";
import { askForApproval, rejectForm } from "../managers/approval-requests";
import { milestoneLines } from "../milestones/milestone-lines";
import { preferencesOf } from "../notifications/notification-preferences";
import { ticketMilestones } from "../milestones/ticket-milestones";
import { RequesterPromises } from "../promises/requester-promises";
import { isRequesterOf, keptTicket, requesterAudience, type RequesterAudience } from "./requester-audience";
import { checkTransition, OPEN_STATUSES, reopenedStatus, type Actor, type Transition } from "./ticket-lifecycle";
import { addThread, expertPlaces, postToThreads, triagePlaces, updateExpertPosts, updateTriagePosts } from "./ticket-threads";
import { excerpt, expertPost, ticketCard, type EscalationWords, type TicketPeople } from "./ticket-views";
import { tellParentRequester } from "../workflows/sub-request-news";
import { workflowCardPart } from "../workflows/workflow-views";

export interface TicketServiceOptions {
  /**
   * Called with each new ticket, acknowledged, before its receipt and card go: a category or request type that
   * another desk handles (externalDesks) is handed over at once. Returns the ticket as it now is.
   */
  handOver?: (manager: EntityManager, ticket: Ticket) => Promise<Ticket>;
}

export interface NewTicket {
  requester: Person;
  /** Where the requester is told of the ticket; null for a sub-request, whose requester follows its parent. */
  place: ChatPlace | null;
  lang: Lang;
  title: string;
  description: string;
  category: string;
  team: string;
  site: string | null;
  priority: Priority;
  kind: TicketKind;
  requestType?: string;
  fields?: Record<string, string>;
  needsApproval?: boolean;
  /** The closed ticket this one follows up. */
  followUpOf?: Ticket;
  /** A workflow request: its steps do the work, it posts its own receipt (src/core/workflows). */
  workflow?: boolean;
  /** The workflow request this ticket is a sub-request of. */
  parent?: Ticket;
  /** Called once the ticket exists, before its card is posted (a workflow request writes its steps, which it shows). */
  beforeAnnounce?: (manager: EntityManager, ticket: Ticket) => Promise<void>;
}

/**
 * Everything that happens to a ticket. Each operation runs inside the caller's transaction, checks the actor's
 * role, moves the status with a conditional update (so two people acting at once cannot both win), writes the
 * audit log, and queues the messages that tell everyone concerned.
 */
export class TicketService {
  /** What the requester is promised, at every step, from the SLA plan. */
  readonly promises: RequesterPromises;

  constructor(
    private readonly ctx: DeskContext,
    private readonly options: TicketServiceOptions = {},
  ) {
    this.promises = new RequesterPromises(ctx);
  }

  private get config() {
    return this.ctx.config;
  }

  async load(manager: EntityManager, id: number, lang: Lang): Promise<Ticket> {
    const ticket = Number.isInteger(id) ? await manager.findOne(Ticket, { where: { id } }) : null;
    if (!ticket) throw new DeskError("not_found", texts(lang).ticketNotFound(String(id)));
    return ticket;
  }

  async create(manager: EntityManager, input: NewTicket): Promise<Ticket> {
    const now = this.ctx.now();
    let ticket = manager.create(Ticket, {
      kind: input.kind,
      title: input.title,
      description: input.description,
      category: input.category,
      priority: input.priority,
      status: "new",
      level: 1,
      requesterId: input.requester.id,
      assigneeId: null,
      team: input.team,
      expertGroup: null,
      site: input.site,
      // Kept on the ticket: figures per profile stay those of the day even if the person moves.
      profile: input.requester.profile ?? profileFor(this.config, undefined, input.site),
      lang: input.lang,
      // A sub-request was opened where its parent was.
      channel: input.place?.platform ?? input.parent?.channel,
      requestType: input.requestType ?? null,
      fields: input.fields ?? null,
      approval: input.needsApproval ? "pending" : "none",
      followUpOfId: input.followUpOf?.id ?? null,
      workflow: input.workflow ?? false,
      parentId: input.parent?.id ?? null,
      pausedSeconds: 0,
      // On the desk's clock, like every other SLA timestamp (the database's clock may differ, and tests set it).
      createdAt: now,
    });
    ticket = await manager.save(ticket);
    await this.audit(manager, ticket.id, input.requester.id, "created", null, "new", {
      category: ticket.category, team: ticket.team, priority: ticket.priority, kind: ticket.kind, channel: ticket.channel,
      ...(input.followUpOf ? { followUpOf: input.followUpOf.id } : {}),
    });
    if (input.followUpOf) {
      // Level 1 sees in the old ticket's thread that the requester came back about it.
      await this.audit(manager, input.followUpOf.id, input.requester.id, "followed_up", null, null, { by: ticket.id });
      const lang = this.config.desk.defaultLocale;
      await postToThreads(manager, input.followUpOf, "triage", { kind: "relay", lang, ticketId: input.followUpOf.id, text: texts(lang).followedUp(ticket.id) });
    }

    if (input.place) await addThread(manager, ticket.id, "requester", input.place);
    for (const place of triagePlaces(this.config, ticket.team, this.ctx.platforms())) {
      await addThread(manager, ticket.id, "triage", place);
    }

    // The bot acknowledges at once: the seeds commit to a receipt within the hour.
    ticket = await this.move(manager, ticket, "acknowledge", null, { acknowledgedAt: now }, null, { refreshCard: false });
    // A workflow request stays here: its sub-requests go to their teams (or to another desk, by their category).
    if (this.options.handOver && !input.workflow) ticket = await this.options.handOver(manager, ticket);
    if (input.beforeAnnounce) {
      await input.beforeAnnounce(manager, ticket);
      ticket = await this.load(manager, ticket.id, ticket.lang);
    }
    // A workflow request tells its requester of its steps itself; a sub-request's requester follows its parent.
    if (input.workflow || !input.place) {
      await postToThreads(manager, ticket, "triage", await this.card(manager, ticket));
      return ticket;
    }

    const t = texts(ticket.lang);
    const delay = this.promises.sentence(ticket);
    const receipt: MessageView = {
      kind: "receipt",
      lang: ticket.lang,
      ticketId: ticket.id,
      title: t.receiptTitle(ticket.id),
      // A ticket handed to another desk at once has no date from this desk: that desk's reference follows.
      text: ticket.status === "transferred" ? t.transfer.receipt : ticket.requestType ? t.requestReceipt(delay) : t.receipt(delay),
      quote: { author: input.requester.displayName, text: excerpt(ticket.description, 300) },
      replyHint: "complete",
    };
    await postToThreads(manager, ticket, "requester", receipt, { dedupeKey: `receipt:${ticket.id}` });
    await postToThreads(manager, ticket, "triage", await this.card(manager, ticket));
    if (ticket.approval === "pending") await askForApproval(manager, this.ctx, ticket, input.requester);
    return ticket;
  }

  async escalate(manager: EntityManager, agent: Person, id: number, group: string, note: string): Promise<Ticket> {
    this.requireLevel1(agent, await this.load(manager, id, agent.locale), "escalate");
    return this.escalateAs(manager, agent, id, group, note);
  }

  /**
   * The SLA sweep's call of level 2 when level 1 has not resolved within the category's delay. No agent acts: the
   * job uses level 1's right to escalate, the audit log records no actor, and the ticket keeps its assignee (or none).
   * `postText` tells the experts why they get it.
   */
  async escalateAutomatically(manager: EntityManager, id: number, group: string, note: string, postText: string): Promise<Ticket> {
    return this.escalateAs(manager, null, id, group, note, postText);
  }

  private async escalateAs(
    manager: EntityManager,
    agent: Person | null,
    id: number,
    group: string,
    note: string,
    postText?: string,
  ): Promise<Ticket> {
    const actorLang = agent?.locale ?? this.config.desk.defaultLocale;
    const ticket = await this.load(manager, id, actorLang);
    const groupConfig = this.config.expertGroups.find((g) => g.id === group);
    if (!groupConfig) throw new DeskError("invalid_input", texts(actorLang).badOption);
    const now = this.ctx.now();
    const promised = this.promises.of(ticket);
    // Level 1 keeps ownership while experts help: the escalating agent becomes the assignee if nobody was.
    // Escalating a ticket that waits for the requester ends the wait: the resolution clock runs again.
    const moved = await this.move(manager, ticket, "escalate", agent, {
      level: 2,
      expertGroup: group,
      escalatedAt: now,
      assigneeId: ticket.assigneeId ?? agent?.id ?? null,
      takenAt: ticket.takenAt ?? (agent ? now : null),
      ...this.endPause(ticket, now),
    }, { group, note, ...(agent ? {} : { post: postText ?? "" }) }, { role: agent ? undefined : "agent" });

    const places = expertPlaces(this.config, group, this.ctx.platforms());
    for (const place of places) await addThread(manager, id, "expert", place, group);
    const lang = this.config.desk.defaultLocale;
    const t = texts(lang);
    const people = await this.people(manager, moved);
    const words = { text: agent ? t.escalationPostText(agent.displayName) : (postText ?? ""), note };
    await postToThreads(manager, moved, "expert", expertPost(this.config, moved, people, words, this.milestonesOf(moved, people, lang, false)),
      { expertGroup: group, dedupeKey: `escalation:${id}:${moved.escalatedAt?.getTime()}` });

    await this.tellRequester(manager, moved, (to) => ({
      kind: "notice",
      lang: to.lang,
      ticketId: to.ticketId,
      text: this.promises.change(promised, moved, "experts", to.lang) ?? "",
    }));
    return moved;
  }

  async waitForRequester(manager: EntityManager, agent: Person, id: number): Promise<Ticket> {
    const ticket = await this.load(manager, id, agent.locale);
    this.requireLevel1(agent, ticket, "wait");
    const moved = await this.move(manager, ticket, "wait_for_requester", agent, { waitingSince: this.ctx.now(), ...this.ownedBy(ticket, agent) });
    await this.tellRequester(manager, moved, (to) => ({ kind: "notice", lang: to.lang, ticketId: to.ticketId, text: texts(to.lang).waitingForYou, replyHint: "answer" }), undefined, { words: true });
    return moved;
  }

  async takeBack(manager: EntityManager, agent: Person, id: number): Promise<Ticket> {
    const ticket = await this.load(manager, id, agent.locale);
    this.requireLevel1(agent, ticket, "take back");
    // Level 1 takes the ticket back from the experts: its expected delays are level 1's again.
    return this.move(manager, ticket, "take_back", agent, { level: 1, ...this.ownedBy(ticket, agent) });
  }

  async resolve(manager: EntityManager, agent: Person, id: number, resolution: string): Promise<Ticket> {
    const ticket = await this.load(manager, id, agent.locale);
    this.requireLevel1(agent, ticket, "resolve");
    // A resolution explains the fix (000: « réponse complète »; 001: « en expliquant la solution apportée »).
    if (resolution.trim() === "") throw new DeskError("invalid_input", texts(agent.locale).resolutionNeeded);
    const now = this.ctx.now();
    const moved = await this.move(manager, ticket, "resolve", agent, {
      resolvedAt: now,
      resolution: resolution.trim(),
      ...this.ownedBy(ticket, agent),
      firstAnswerAt: ticket.firstAnswerAt ?? now,
      ...this.endPause(ticket, now),
    }, { resolution: resolution.trim() });
    // A merged ticket's requester is asked too: their buttons name their own ticket, which leads to this one.
    await this.tellRequester(manager, moved, (to) => {
      const t = texts(to.lang);
      return {
        kind: "notice",
        lang: to.lang,
        ticketId: to.ticketId,
        title: t.resolvedTitle(id),
        text: t.resolvedText,
        quote: moved.resolution ? { author: agent.displayName, text: moved.resolution } : undefined,
        actions: [
          { action: "ticket.close", label: t.confirmClose, value: String(to.ticketId), style: "primary" },
          { action: "ticket.reopen", label: t.reopen, value: String(to.ticketId) },
        ],
      };
    }, `resolved:${id}:${now.getTime()}`);
    return moved;
  }

  /** Closes a resolved ticket (the requester confirms, an agent, or the auto-close job) and asks for a rating. */
  async close(manager: EntityManager, actor: Person | null, id: number): Promise<Ticket> {
    const ticket = await this.requesterSide(manager, actor, id);
    const closed = await this.move(manager, ticket, "close", actor, { closedAt: this.ctx.now() });
    await this.sendSurvey(manager, closed);
    return closed;
  }

  /**
   * `onConflict: "retry"` for a requester's message: a ticket closed at the same moment is read again, and the message
   * answered as one on a closed ticket (a Reopen button pressed then is refused: the ticket is closed).
   */
  async reopen(manager: EntityManager, actor: Person, id: number, options: { onConflict?: "refuse" | "retry" } = {}): Promise<Ticket> {
    const ticket = await this.requesterSide(manager, actor, id);
    const now = this.ctx.now();
    const promised = this.promises.of(ticket);
    // The time spent resolved was the requester's to confirm: like a wait, the resolution clock does not count it.
    const resolvedFor = ticket.resolvedAt ? Math.round(this.ctx.calendar.workingMillisecondsBetween(ticket.resolvedAt, now) / 1000) : 0;
    const moved = await this.move(manager, ticket, "reopen", actor, {
      status: reopenedStatus(ticket.assigneeId),
      resolvedAt: null,
      closedAt: null,
      pausedSeconds: ticket.pausedSeconds + resolvedFor,
    }, null, { onConflict: options.onConflict });
    await this.tellRequester(manager, moved, (to) => ({
      kind: "notice", lang: to.lang, ticketId: to.ticketId, text: this.promises.change(promised, moved, "reopened", to.lang) ?? "",
    }));
    return moved;
  }

  async merge(manager: EntityManager, agent: Person, id: number, intoId: number): Promise<Ticket> {
    const t = texts(agent.locale);
    this.requireStaff(agent, "merge");
    if (id === intoId) throw new DeskError("invalid_input", t.mergeSelf);
    const ticket = await this.load(manager, id, agent.locale);
    await this.load(manager, intoId, agent.locale);
    // The target is held open until this merge commits: a closing at the same moment comes before it or after it.
    const held = await manager
      .createQueryBuilder()
      .update(Ticket)
      .set({ status: () => "status" })
      .where("id = :id AND status IN (:...open)", { id: intoId, open: [...OPEN_STATUSES] })
      .execute();
    if (held.affected !== 1) throw new DeskError("invalid_input", t.mergeClosed(intoId));
    const now = this.ctx.now();
    const merged = await this.move(manager, ticket, "merge", agent, { mergedIntoId: intoId, closedAt: now }, { into: intoId });
    await this.audit(manager, intoId, agent.id, "merged_from", null, null, { from: id });
    await manager.save(manager.create(ConversationMessage, {
      ticketId: intoId,
      conversationId: null,
      authorId: ticket.requesterId,
      visibility: "internal",
      text: `#${id}: ${ticket.description}`,
    }));
    // The merged ticket's requester keeps talking in their own thread, which leads to the ticket that stays open
    // (see requester-audience.ts): they are told there of everything that happens to it.
    await this.tellRequester(manager, merged, (to) => ({ kind: "notice", lang: to.lang, ticketId: to.ticketId, text: texts(to.lang).mergedInto(id, intoId) }));
    await this.refreshCard(manager, await this.load(manager, intoId, agent.locale));
    return merged;
  }

  async approve(manager: EntityManager, approver: Person, id: number): Promise<Ticket> {
    const ticket = await this.load(manager, id, approver.locale);
    if (!isManager(approver)) throw new DeskError("not_allowed", texts(approver.locale).onlyManager);
    await this.decideApproval(manager, ticket, "approved", approver.locale, "approve");
    await this.audit(manager, id, approver.id, "approved", null, null, null);
    // The deadlines are planned again (and the card redrawn) now that level 1 may take the request.
    const approved = await this.afterChange(manager, id, "approve", approver.locale);
    // The clocks start now: the requester is given the date that follows from the approval.
    await this.tellRequester(manager, approved, (to) => ({
      kind: "notice", lang: to.lang, ticketId: to.ticketId, text: texts(to.lang).approved(approver.displayName, this.promises.sentence(approved, to.lang)),
    }));
    return approved;
  }

  /** The manager's Reject: a form asking for the reason, for a request still waiting for a decision. */
  async rejectForm(manager: EntityManager, approver: Person, id: number): Promise<FormView> {
    const ticket = await this.load(manager, id, approver.locale);
    if (!isManager(approver)) throw new DeskError("not_allowed", texts(approver.locale).onlyManager);
    if (ticket.approval !== "pending") throw this.refusal("status", ticket, approver.locale, "reject");
    return rejectForm(ticket, approver.locale);
  }

  async reject(manager: EntityManager, approver: Person, id: number, reason: string): Promise<Ticket> {
    const ticket = await this.load(manager, id, approver.locale);
    if (!isManager(approver)) throw new DeskError("not_allowed", texts(approver.locale).onlyManager);
    if (reason.trim() === "") throw new DeskError("invalid_input", texts(approver.locale).requiredField);
    await this.decideApproval(manager, ticket, "rejected", approver.locale, "reject");
    const rejected = await this.move(manager, ticket, "reject", approver, { closedAt: this.ctx.now() }, { reason: reason.trim() });
    await this.tellRequester(manager, rejected, (to) => ({
      kind: "notice",
      lang: to.lang,
      ticketId: to.ticketId,
      title: texts(to.lang).rejectedTitle(id),
      text: texts(to.lang).rejected,
      quote: { author: approver.displayName, text: reason.trim() },
    }));
    return rejected;
  }

  /**
   * A manager's decision on a request, taken once: a conditional UPDATE on the pending approval, so that of two
   * answers crossing (a double click, approve and reject together) only the first counts.
   */
  private async decideApproval(manager: EntityManager, ticket: Ticket, decision: "approved" | "rejected", lang: Lang, what: string): Promise<void> {
    if (ticket.approval !== "pending") throw this.refusal("status", ticket, lang, what);
    const result = await manager
      .createQueryBuilder()
      .update(Ticket)
      .set({ approval: decision, ...(decision === "approved" ? { approvedAt: this.ctx.now() } : {}) })
      .where("id = :id AND approval = 'pending'", { id: ticket.id })
      .execute();
    if (result.affected !== 1) throw this.refusal("status", await this.load(manager, ticket.id, lang), lang, what);
  }

  async rate(manager: EntityManager, requester: Person, id: number, score: number): Promise<Ticket> {
    const ticket = await this.load(manager, id, requester.locale);
    if (ticket.requesterId !== requester.id) throw new DeskError("not_allowed", texts(requester.locale).onlyRequester);
    if (!Number.isInteger(score) || score < 1 || score > 5) throw new DeskError("invalid_input", texts(requester.locale).badOption);
    if (ticket.status !== "closed") throw this.refusal("status", ticket, requester.locale, "rate");
    // Conditional, so that a reopening at the same moment wins, and a double click on one score is thanked for once.
    const result = await manager
      .createQueryBuilder()
      .update(Ticket)
      .set({ satisfaction: score })
      .where("id = :id AND status = 'closed' AND (satisfaction IS NULL OR satisfaction <> :score)", { id, score })
      .execute();
    if (result.affected !== 1) {
      const current = await this.load(manager, id, requester.locale);
      if (current.status !== "closed") throw this.refusal("status", current, requester.locale, "rate");
      return current;
    }
    await this.audit(manager, id, requester.id, "rated", null, null, { score });
    await this.tellRequester(manager, ticket, (to) => ({
      kind: "notice", lang: to.lang, ticketId: to.ticketId, text: texts(to.lang).thanksForRating(score),
    }), undefined, { followers: false });
    return this.load(manager, id, requester.locale);
  }

  /** The requester wrote in their ticket's thread: keep it, show it to level 1, and restart a paused clock. */
  async requesterReply(manager: EntityManager, requester: Person, ticket: Ticket, text: string): Promise<void> {
    const saved = await this.saveMessage(manager, ticket.id, requester.id, "public", text);
    await this.audit(manager, ticket.id, requester.id, "requester_reply", null, null, { message: saved.id });
    if (ticket.status === "waiting_requester") {
      // The answer sends the ticket back where it waited from: with the experts if it is still at level 2.
      const resumed = ticket.level >= 2 ? "escalated" : "in_progress";
      // An agent moving the ticket at the same moment does not turn the requester's words away: they are taken
      // again on the ticket's new status.
      await this.move(manager, ticket, "requester_replied", requester, { ...this.endPause(ticket, this.ctx.now()), status: resumed }, null, { onConflict: "retry" });
    }
    const lang = this.config.desk.defaultLocale;
    await postToThreads(manager, ticket, "triage", {
      kind: "relay", lang, ticketId: ticket.id, quote: { author: texts(lang).requesterWrote(requester.displayName), text },
    });
  }

  /** An agent wrote in the triage thread: a message marked as a note stays with level 1, anything else is a reply. */
  async agentMessage(manager: EntityManager, agent: Person, ticket: Ticket, raw: string): Promise<"note" | "reply"> {
    this.requireLevel1(agent, ticket, "reply");
    const note = readInternalNote(raw);
    if (note !== null) {
      await this.addNote(manager, agent, ticket, note);
      return "note";
    }
    await this.replyToRequester(manager, agent, ticket, raw);
    return "reply";
  }

  /** An internal note: kept in the ticket's history for level 1, never sent to the requester. */
  async addNote(manager: EntityManager, agent: Person, ticket: Ticket, text: string): Promise<void> {
    this.requireLevel1(agent, ticket, "note");
    await this.saveMessage(manager, ticket.id, agent.id, "internal", text);
    await this.audit(manager, ticket.id, agent.id, "note", null, null, null);
  }

  /** An agent's words to the requester, under the agent's name. */
  private async replyToRequester(manager: EntityManager, agent: Person, ticket: Ticket, text: string): Promise<void> {
    const saved = await this.saveMessage(manager, ticket.id, agent.id, "public", text);
    await this.audit(manager, ticket.id, agent.id, "reply", null, null, { message: saved.id });
    if (ticket.firstAnswerAt === null) {
      // Of two agents answering at once, the first answer is the one that committed first.
      const first = await manager
        .createQueryBuilder()
        .update(Ticket)
        .set({ firstAnswerAt: this.ctx.now() })
        .where("id = :id AND firstAnswerAt IS NULL", { id: ticket.id })
        .execute();
      if (first.affected === 1) await this.afterChange(manager, ticket.id, "first_answer", ticket.lang);
    }
    await this.tellRequester(manager, ticket, (to) => ({
      kind: "relay", lang: to.lang, ticketId: to.ticketId, quote: { author: texts(to.lang).agentReply(agent.displayName), text },
    }), undefined, { words: true });
  }

  /** An expert wrote in the escalation thread: level 2 talks to level 1 only, which can forward it. */
  async expertMessage(manager: EntityManager, expert: Person, ticket: Ticket, group: string, text: string): Promise<void> {
    if (!canAnswerForGroup(expert, group)) throw new DeskError("not_allowed", texts(expert.locale).onlyExperts);
    const saved = await this.saveMessage(manager, ticket.id, expert.id, "expert", text);
    await this.audit(manager, ticket.id, expert.id, "expert_reply", null, null, { group });
    const lang = this.config.desk.defaultLocale;
    const t = texts(lang);
    await postToThreads(manager, ticket, "triage", {
      kind: "relay",
      lang,
      ticketId: ticket.id,
      quote: { author: t.expertWrote(expert.displayName, this.groupLabel(group, lang)), text },
      actions: [{ action: "ticket.forward", label: t.forward, value: String(saved.id) }],
    });
  }

  /** Level 1 passes an expert's answer on to the requester, under the desk's name. */
  async forward(manager: EntityManager, agent: Person, messageId: number): Promise<Ticket> {
    const message = await manager.findOne(ConversationMessage, { where: { id: messageId, visibility: "expert" } });
    if (!message || message.ticketId === null) throw new DeskError("not_found", texts(agent.locale).ticketNotFound(String(messageId)));
    const ticket = await this.load(manager, message.ticketId, agent.locale);
    // Forward is an explicit choice to send: the expert's words go as they are, even if they start like a note.
    this.requireLevel1(agent, ticket, "forward");
    await this.replyToRequester(manager, agent, ticket, message.text);
    return ticket;
  }

  /**
   * Sends the 1–5 survey once per closing, to each requester waiting on the ticket: the requester of a merged ticket
   * rates on their own ticket, so that no survey is one they cannot answer. A requester who stopped survey requests
   * (`notifications surveys off`) gets none.
   */
  async sendSurvey(manager: EntityManager, ticket: Ticket): Promise<void> {
    await this.tellRequester(manager, ticket, (to) => {
      const t = texts(to.lang);
      return {
        kind: "survey",
        lang: to.lang,
        ticketId: to.ticketId,
        title: t.closedTitle(ticket.id),
        text: t.surveyQuestion,
        actions: [1, 2, 3, 4, 5].map((score) => ({ action: "survey.rate" as const, label: String(score), value: `${to.ticketId}:${score}` })),
      };
    }, `survey:${ticket.id}:${ticket.closedAt?.getTime()}`, { wants: async (requesterId) => (await preferencesOf(manager, requesterId)).surveys });
  }

  /**
   * Posts to the requester's thread(s) of a ticket and, unless told otherwise, to those of the requesters of the
   * tickets merged into it: each view is written for one of them, in their language, naming their own ticket.
   */
  async tellRequester(
    manager: EntityManager,
    ticket: Ticket,
    view: (to: RequesterAudience) => MessageView,
    dedupeKey?: string,
    options: { followers?: boolean; wants?: (requesterId: number) => Promise<boolean>; words?: boolean } = {},
  ): Promise<void> {
    if (ticket.parentId !== null) {
      // A sub-request's requester follows one request, its parent, which tells them of each step done: only the
      // team's own words to them (a reply, a question) reach them, in the parent's thread, named after the step.
      if (options.words) await tellParentRequester(manager, this.config, ticket, view, dedupeKey);
      return;
    }
    const audience = options.followers === false ? [{ ticketId: ticket.id, requesterId: ticket.requesterId, lang: ticket.lang }] : await requesterAudience(manager, ticket);
    for (const to of audience) {
      if (options.wants && !(await options.wants(to.requesterId))) continue;
      await postToThreads(manager, { id: to.ticketId }, "requester", view(to), { dedupeKey });
    }
  }

  /**
   * The ticket a requester's button or message acts on: the one they name, or the kept one it was merged into. Only
   * its requesters (a merged ticket's included) and the desk's staff may act on it.
   */
  private async requesterSide(manager: EntityManager, actor: Person | null, id: number): Promise<Ticket> {
    const lang = actor?.locale ?? this.config.desk.defaultLocale;
    const named = await this.load(manager, id, lang);
    const ticket = await keptTicket(manager, named);
    if (actor && !isDeskStaff(actor) && actor.id !== named.requesterId && !(await isRequesterOf(manager, actor, ticket))) {
      throw new DeskError("not_allowed", texts(actor.locale).onlyRequester);
    }
    return ticket;
  }

  /**
   * Redraws the ticket's posts in place: the triage card, and the experts' post of the group that has it. Called at
   * every change and by the SLA sweep when a commitment changes state.
   */
  async refreshCard(manager: EntityManager, ticket: Ticket): Promise<void> {
    const people = await this.people(manager, ticket);
    const lang = this.config.desk.defaultLocale;
    const milestones = this.milestonesOf(ticket, people, lang, false);
    await updateTriagePosts(manager, ticket.id, await this.triageCard(manager, ticket, people, milestones));
    if (ticket.expertGroup !== null && ticket.escalatedAt !== null) {
      const words = await this.escalationWords(manager, ticket);
      await updateExpertPosts(manager, ticket.id, ticket.expertGroup, expertPost(this.config, ticket, people, words, milestones));
    }
  }

  /** The triage card; `asked`: drawn for someone who asked now (`ticket N`), not a post edited later. */
  async card(manager: EntityManager, ticket: Ticket, options: { asked?: boolean } = {}): Promise<MessageView> {
    const people = await this.people(manager, ticket);
    const lang = this.config.desk.defaultLocale;
    return this.triageCard(manager, ticket, people, this.milestonesOf(ticket, people, lang, options.asked ?? false));
  }

  /** The triage card with the ticket's transfer to another desk, when it has one, and its workflow's steps. */
  private async triageCard(manager: EntityManager, ticket: Ticket, people: TicketPeople, milestones: MilestonesView): Promise<MessageView> {
    const transfer = this.config.externalDesks.length > 0 || ticket.status === "transferred" ? await latestTransfer(manager, ticket.id) : null;
    const lang = this.config.desk.defaultLocale;
    const workflow = await workflowCardPart(manager, this.config, ticket, lang);
    return ticketCard(this.config, ticket, people, milestones, transferCardPart(this.config, transfer, lang), workflow);
  }

  /** The ticket's commitments in words, for its posts. */
  milestonesOf(ticket: Ticket, people: TicketPeople, lang: Lang, asked: boolean): MilestonesView {
    const now = this.ctx.now();
    const found = ticketMilestones(this.config, this.ctx.calendar, ticket, now);
    return milestoneLines(this.config, this.ctx.calendar, found, now, lang, { owner: people.assignee, asked });
  }

  private async people(manager: EntityManager, ticket: Ticket): Promise<TicketPeople> {
    const ids = [ticket.requesterId, ...(ticket.assigneeId !== null ? [ticket.assigneeId] : [])];
    const people = await manager.find(Person, { where: { id: In(ids) } });
    const name = (id: number | null) => people.find((p) => p.id === id)?.displayName ?? null;
    return { requester: name(ticket.requesterId) ?? "?", assignee: name(ticket.assigneeId) };
  }

  /** The words of the ticket's last escalation, from its audit event: who escalated it (or the job's words) and the note. */
  private async escalationWords(manager: EntityManager, ticket: Ticket): Promise<EscalationWords> {
    const t = texts(this.config.desk.defaultLocale);
    const event = await manager.findOne(TicketEvent, { where: { ticketId: ticket.id, type: "escalate" }, order: { id: "DESC" } });
    const data = event?.data ?? {};
    const note = typeof data.note === "string" ? data.note : "";
    if (event?.actorId) return { text: t.escalationPostText((await this.person(manager, event.actorId)).displayName), note };
    return { text: typeof data.post === "string" ? data.post : "", note };
  }

  /**
   * Applies a lifecycle move: role and status checked, then a conditional UPDATE on the status read, so a
   * concurrent change makes this one fail instead of overwriting it. Writes the audit event and refreshes the card.
   * (Also the transfers to other desks' moves, src/core/external-desks, and those of workflow requests and their
   * sub-requests, src/core/workflows.)
   */
  async move(
    manager: EntityManager,
    ticket: Ticket,
    transition: Transition,
    actor: Person | null,
    changes: Partial<Ticket>,
    data: Record<string, unknown> | null = null,
    options: { refreshCard?: boolean; role?: Actor; onConflict?: "refuse" | "retry" } = {},
  ): Promise<Ticket> {
    const lang = actor?.locale ?? this.config.desk.defaultLocale;
    // Anyone may be the requester of their own ticket (an agent with a problem too): staff act as staff.
    // `options.role` lets a scheduled job act with a role's rights (the automatic escalation acts as level 1).
    const role: Actor = options.role ?? actingRole(this.config, actor, ticket);
    const check = checkTransition(transition, ticket.status, role);
    if (!check.ok) throw this.refusal(check.reason, ticket, lang, transition);
    const to = changes.status ?? check.to;
    const result = await manager
      .createQueryBuilder()
      .update(Ticket)
      .set({ ...changes, status: to })
      .where("id = :id AND status = :from", { id: ticket.id, from: ticket.status })
      .execute();
    if (result.affected !== 1) {
      if (options.onConflict === "retry") throw new ConcurrentChangeError(`ticket ${ticket.id}`);
      const current = await this.load(manager, ticket.id, lang);
      throw this.refusal("status", current, lang, transition);
    }
    await this.audit(manager, ticket.id, actor?.id ?? null, transition, ticket.status, to, data);
    return this.afterChange(manager, ticket.id, transition, lang, options);
  }

  /** After a change: the observers update what follows from it (deadlines), then the card is redrawn. */
  async afterChange(manager: EntityManager, id: number, change: string, lang: Lang, options: { refreshCard?: boolean } = {}): Promise<Ticket> {
    let ticket = await this.load(manager, id, lang);
    if (this.ctx.observers.length > 0) {
      for (const observer of this.ctx.observers) await observer.ticketChanged?.(manager, ticket, change);
      ticket = await this.load(manager, id, lang);
    }
    if (options.refreshCard !== false) await this.refreshCard(manager, ticket);
    return ticket;
  }

  /** Closing a wait: the time spent waiting for the requester is added to the paused total. */
  private endPause(ticket: Ticket, now: Date): Partial<Ticket> {
    if (!ticket.waitingSince) return {};
    const paused = Math.round(this.ctx.calendar.workingMinutesBetween(ticket.waitingSince, now) * 60);
    return { waitingSince: null, pausedSeconds: ticket.pausedSeconds + paused };
  }

  private requireStaff(person: Person, what: string): void {
    if (!isDeskStaff(person)) throw new DeskError("not_allowed", texts(person.locale).notAllowed(what));
  }

  /** Level 1's work: desk staff, or an expert relieving level 1 on a ticket of their groups (a desk setting). */
  private requireLevel1(person: Person, ticket: Ticket, what: string): void {
    if (!mayWorkAsLevel1(this.config, person, ticket)) throw new DeskError("not_allowed", texts(person.locale).notAllowed(what));
  }

  /** Level 1 keeps ownership: whoever does level 1's work on a ticket nobody owns becomes its owner. */
  private ownedBy(ticket: Ticket, person: Person): Partial<Ticket> {
    return ticket.assigneeId !== null ? {} : { assigneeId: person.id, takenAt: ticket.takenAt ?? this.ctx.now() };
  }

  private refusal(reason: "role" | "status", ticket: Ticket, lang: Lang, what: string): DeskError {
    const t = texts(lang);
    return reason === "role"
      ? new DeskError("not_allowed", t.notAllowed(what))
      : new DeskError("invalid_transition", t.invalidTransition(t.status[ticket.status]));
  }

  private async person(manager: EntityManager, id: number): Promise<Person> {
    return manager.findOneOrFail(Person, { where: { id } });
  }

  private async saveMessage(manager: EntityManager, ticketId: number, authorId: number, visibility: ConversationMessage["visibility"], text: string) {
    return manager.save(manager.create(ConversationMessage, { ticketId, conversationId: null, authorId, visibility, text }));
  }

  async audit(
    manager: EntityManager,
    ticketId: number,
    actorId: number | null,
    type: string,
    fromStatus: string | null,
    toStatus: string | null,
    data: Record<string, unknown> | null,
  ): Promise<void> {
    // On the desk's clock, like the ticket's own timestamps: the SLA simulator replays these instants against them.
    const event = await manager.save(manager.create(TicketEvent, { ticketId, actorId, type, fromStatus, toStatus, data, at: this.ctx.now() }));
    for (const observer of this.ctx.observers) await observer.ticketEventRecorded?.(manager, event);
  }

  private groupLabel(id: string, lang: Lang): string {
    const group = this.config.expertGroups.find((g) => g.id === id);
    return group ? localize(group.label, lang) : id;
  }
}
