import type { EntityManager } from "typeorm";
import { logger } from "../logger";
import { metrics } from "../metrics";
import { OutboxMessage } from "../store/entities/OutboxMessage";
import { ConcurrentChangeError } from "../store/transaction-retry";
import type { Person } from "../store/entities/Person";
import type { Platform } from "../store/entities/PersonIdentity";
import { Ticket } from "../store/entities/Ticket";
import { actingRole, mayWorkAsLevel1 } from "./assignment/level1-rights";
import { TicketAssignment } from "./assignment/ticket-assignment";
import { CatalogueRequests } from "./catalogue/catalogue-requests";
import { findRequestType, incidentForm, validateForm } from "./catalogue/service-catalogue";
import { IntakeFlow, titleFrom } from "./conversation/intake-flow";
import { commitmentsMessage } from "./commitments/published-commitments";
import { DraftService } from "./knowledge-drafts/draft-service";
import { detectLanguage } from "./conversation/language-detection";
import type { DeskContext } from "./desk-context";
import { DeskError } from "./desk-error";
import type { DeskConnector } from "./external-desks/desk-connector";
import { ExternalDesks, type RemoteNews } from "./external-desks/external-desks";
import { runIncidentCommand } from "./incidents/incident-command";
import { MajorIncidents, type MajorIncidentInput } from "./incidents/major-incidents";
import { InternalNotes } from "./notes/internal-notes";
import { LevelThree } from "./level-three/level-three";
import { isRegistration, runRegisterCommand } from "./places/register-command";
import { NotificationPreferences } from "./notifications/notification-preferences";
import { BlockingTag } from "./tickets/blocking-tag";
import type { ActionOutcome, FormId, FormView, MessageView } from "./messages/message-view";
import { texts } from "./messages/texts";
import { enqueueOutbound } from "./outbox/outbox";
import { recordEvent } from "./processed-events";
import type { OutboxDispatcher } from "./outbox/outbox-dispatcher";
import type { ChatPlace, PlatformUser } from "./people/platform-user";
import { canAnswerForGroup, isDeskStaff } from "./permissions";
import { TicketCategorisation } from "./routing/ticket-categorisation";
import { routeTicket } from "./routing/ticket-routing";
import { buildHome, type HomeView } from "./tickets/home-view";
import { StatusViews } from "./tickets/status-views";
import { escalateForm, mergeForm, resolveForm } from "./tickets/ticket-forms";
import { checkTransition } from "./tickets/ticket-lifecycle";
import { isRequesterOf, keptTicket } from "./tickets/requester-audience";
import { RequesterMessages } from "./tickets/requester-messages";
import { SelfService } from "./self-service/self-service";
import { Workflows } from "./workflows/workflows";
import { TicketService } from "./tickets/ticket-service";
import { threadAt } from "./tickets/ticket-threads";

export interface InboundMessage {
  /** The platform's id for this delivery (Slack event_id, Teams activity id): a second copy is ignored. */
  eventId?: string;
  sender: PlatformUser;
  place: ChatPlace;
  text: string;
  /**
   * False for a message the bot overheard rather than received (a reply in a channel thread, with no mention):
   * it is acted upon only in a ticket thread or in the thread of the sender's conversation with the desk, so the
   * bot never answers people talking among themselves. Default true (a DM, a mention, the console).
   */
  addressed?: boolean;
}

export interface InboundAction {
  eventId?: string;
  sender: PlatformUser;
  action: string;
  value: string;
}

export interface InboundForm {
  eventId?: string;
  sender: PlatformUser;
  form: FormId;
  context: string;
  values: Record<string, unknown>;
  /** Where the requester should be answered, for forms that create a ticket. */
  place: ChatPlace;
}

export type MessageOutcome =
  | { kind: "handled" }
  /** An agent's message was kept as an internal note: the channel tells the agent so, and only them. */
  | { kind: "noted"; notice: string }
  | { kind: "duplicate" }
  | { kind: "refused"; message: string }
  /** A typed command that opens a form: the channel shows it to the sender. */
  | { kind: "form"; form: FormView };

/** A direct answer to a command, shown only to the person who typed it. */
export type CommandOutcome = { kind: "view"; view: MessageView } | { kind: "form"; form: FormView };

type CommandName = "help" | "new" | "status" | "search" | "ticket" | "register" | "sla" | "notifications" | "level3";

const COMMANDS: Record<string, CommandName> = {
  help: "help", aide: "help", "?": "help", new: "new", nouveau: "new", nouvelle: "new", status: "status",
  statut: "status", etat: "status", état: "status", tickets: "status", search: "search", cherche: "search",
  chercher: "search", ticket: "ticket", register: "register", enregistrer: "register",
  sla: "sla", engagements: "sla", commitments: "sla", horaires: "sla", hours: "sla",
  notifications: "notifications", notification: "notifications", level3: "level3", niveau3: "level3",
};

/**
 * The desk: the one entry point of every channel. Each call resolves the person, checks their role, runs in one
 * transaction with the de-duplication of the platform event, and leaves its messages in the outbox, which is kicked
 * after the commit.
 */
export class Desk {
  readonly tickets: TicketService;
  readonly intake: IntakeFlow;
  readonly drafts: DraftService;
  readonly incidents: MajorIncidents;
  readonly notes: InternalNotes;
  readonly assignment: TicketAssignment;
  readonly categorisation: TicketCategorisation;
  readonly requesterMessages: RequesterMessages;
  readonly status: StatusViews;
  readonly blocking: BlockingTag;
  readonly externalDesks: ExternalDesks;
  readonly notifications: NotificationPreferences;
  readonly workflows: Workflows;
  readonly selfService: SelfService;
  readonly catalogue: CatalogueRequests;
  readonly levelThree: LevelThree;

  constructor(
    readonly ctx: DeskContext,
    readonly outbox: OutboxDispatcher,
    /** The other service desks' systems, by `externalDesks[].id` (src/connectors builds them from the environment). */
    connectors: ReadonlyMap<string, DeskConnector> = new Map(),
  ) {
    // A new ticket of a category another desk handles is handed over before its receipt goes (`handOver`).
    this.tickets = new TicketService(ctx, { handOver: (m, ticket) => this.externalDesks.handOverNew(m, ticket) });
    this.externalDesks = new ExternalDesks(ctx, this.tickets, connectors);
    this.assignment = new TicketAssignment(ctx, this.tickets);
    this.categorisation = new TicketCategorisation(ctx, this.tickets);
    this.incidents = new MajorIncidents(ctx);
    this.intake = new IntakeFlow(ctx, this.tickets, this.incidents);
    this.requesterMessages = new RequesterMessages(this.tickets, this.intake);
    this.drafts = new DraftService(ctx, this.tickets);
    this.notes = new InternalNotes(this.tickets);
    this.status = new StatusViews(ctx, this.tickets);
    this.blocking = new BlockingTag(ctx.config, this.tickets);
    this.notifications = new NotificationPreferences(ctx);
    this.workflows = new Workflows(ctx, this.tickets);
    // A sub-request moves its workflow request on in the transaction of its own change.
    ctx.observers.push(this.workflows);
    this.selfService = new SelfService(ctx, this.tickets, ctx.actionCaller, () => outbox.kick());
    this.catalogue = new CatalogueRequests(ctx, this.tickets, this.workflows, this.selfService);
    this.levelThree = new LevelThree(ctx, this.tickets);
  }

  /** Creates the person record at first contact and keeps their role in step with the desk configuration. */
  async person(user: PlatformUser): Promise<Person> {
    return this.transaction(user.platform, (m) => this.ctx.directory.resolve(m, user));
  }

  /** A message from anyone, anywhere the bot can read it: a ticket thread, a DM, a mention. */
  async receiveMessage(message: InboundMessage): Promise<MessageOutcome> {
    const text = message.text.trim();
    if (text === "") return { kind: "handled" };
    return this.run<MessageOutcome>(message.sender.platform, message.eventId, async (m) => {
      const person = await this.ctx.directory.resolve(m, message.sender);
      const thread = await threadAt(m, message.place);
      if (!thread && message.addressed === false && !(await this.intake.isConversationAt(m, person, message.place))) {
        return { kind: "handled" } as const;
      }
      if (thread) {
        const ticket = await this.tickets.load(m, thread.ticketId, person.locale);
        return this.messageOnTicket(m, person, ticket, thread.role, thread.expertGroup, text, message.place);
      }
      const command = parseCommand(text);
      if (command) {
        const outcome = await this.command(m, person, message.place, command.name, command.args);
        if (outcome.kind === "form") return outcome;
        await this.enqueueTo(m, message.place, outcome.view);
        return { kind: "handled" } as const;
      }
      await this.intake.onMessage(m, person, message.place, text);
      return { kind: "handled" } as const;
    });
  }

  /**
   * A message about a named ticket, for places without threads (the console, a Teams personal chat). The sender's
   * role decides what it is: the requester's reply, an agent's reply or note, an expert's answer.
   */
  async replyOnTicket(sender: PlatformUser, ticketId: number, text: string, eventId?: string): Promise<MessageOutcome> {
    return this.run(sender.platform, eventId, async (m) => {
      const person = await this.ctx.directory.resolve(m, sender);
      const ticket = await this.tickets.load(m, ticketId, person.locale);
      // A requester may name the ticket theirs was merged into; an expert who relieves level 1 on a ticket they
      // hold writes as level 1 (to the requester).
      const requester = !isDeskStaff(person) && (await isRequesterOf(m, person, await keptTicket(m, ticket)));
      const role = requester ? "requester" : person.role === "expert" && ticket.assigneeId !== person.id ? "expert" : "triage";
      // An expert writes for level 2's group, or for level 3's when that is theirs.
      const group = this.levelThree.writingGroup(person, ticket);
      // Naming a ticket is not writing in a thread of it: someone it is not for is told so, in those words.
      const mayWrite = role === "requester" || (role === "expert" ? canAnswerForGroup(person, group) : mayWorkAsLevel1(this.ctx.config, person, ticket));
      if (!mayWrite) throw new DeskError("not_allowed", texts(person.locale).notYourTicket(ticket.id));
      return this.messageOnTicket(m, person, ticket, role, group, text.trim(), null);
    });
  }

  private async messageOnTicket(
    m: EntityManager,
    person: Person,
    ticket: Ticket,
    role: "requester" | "triage" | "expert",
    expertGroup: string | null,
    fullText: string,
    place: ChatPlace | null,
  ): Promise<MessageOutcome> {
    const t = texts(person.locale);
    // Every message relayed to another platform is kept under the desk's limit; the cut is marked where it shows.
    const max = this.ctx.config.desk.maxMessageLength;
    const text = fullText.length > max ? `${fullText.slice(0, max)} ${t.cutForChat}` : fullText;
    const asAgent = async (): Promise<MessageOutcome> =>
      (await this.tickets.agentMessage(m, person, ticket, text)) === "note" ? { kind: "noted", notice: t.noteKept(ticket.id) } : { kind: "handled" };
    if (role === "requester") {
      if (isDeskStaff(person) && person.id !== ticket.requesterId) return asAgent();
      if (person.id !== ticket.requesterId && !(await isRequesterOf(m, person, await keptTicket(m, ticket)))) {
        throw new DeskError("not_allowed", t.onlyRequester);
      }
      await this.requesterMessages.receive(m, person, ticket, text, place);
      // A ticket another desk has: the requester's words go there too.
      await this.externalDesks.requesterWrote(m, await keptTicket(m, ticket), person, text);
      // A workflow request's requester writes on the request: every team working on a step of it reads them too.
      await this.workflows.requesterWrote(m, person, await keptTicket(m, ticket), text);
      return { kind: "handled" };
    }
    if (role === "expert") {
      await this.levelThree.expertWrote(m, person, ticket, expertGroup ?? ticket.expertGroup ?? "", text);
      return { kind: "handled" };
    }
    if (!mayWorkAsLevel1(this.ctx.config, person, ticket)) throw new DeskError("not_allowed", t.triageOnlyAgents);
    return asAgent();
  }

  /** A button press. The role is checked here, whatever the button's visibility was. */
  async pressButton(press: InboundAction): Promise<ActionOutcome> {
    const outcome = await this.runAction(press.sender.platform, press.eventId, async (m): Promise<ActionOutcome> => {
      const person = await this.ctx.directory.resolve(m, press.sender);
      const [first, second] = press.value.split(":");
      const id = Number(first);
      const t = texts(person.locale);
      switch (press.action) {
        case "kb.solved":
          await this.intake.onSolved(m, person, id, second ?? null);
          return { kind: "done" };
        case "kb.not_solved":
          await this.intake.onNotSolved(m, person, id);
          return { kind: "done" };
        case "kb.open_ticket":
          await this.intake.onOpenTicket(m, person, id);
          return { kind: "done" };
        case "kb.cancel":
          await this.intake.onCancel(m, person, id);
          return { kind: "done" };
        case "dup.link":
          await this.intake.onLinkDuplicate(m, person, id);
          return { kind: "done" };
        case "dup.new":
          await this.intake.onNewTicket(m, person, id);
          return { kind: "done" };
        case "request.start":
          if (press.value === "incident") return { kind: "form", form: incidentForm(person.locale) };
          return { kind: "form", form: this.catalogue.form(person, press.value, person.locale) };
        case "request.cancel":
          await this.workflows.cancel(m, person, id);
          return { kind: "done" };
        case "action.confirm":
          return this.selfService.confirm(m, person, id);
        case "action.cancel":
          return this.selfService.cancel(m, person, id);
        // A workflow's approval step is named with its request: `request:step`.
        case "request.approve":
          if (second !== undefined) await this.workflows.approve(m, person, id, Number(second));
          else await this.tickets.approve(m, person, id);
          return { kind: "done" };
        case "request.reject":
          if (second !== undefined) return { kind: "form", form: await this.workflows.rejectForm(m, person, id, Number(second)) };
          return { kind: "form", form: await this.tickets.rejectForm(m, person, id) };
        case "ticket.follow_up":
          await this.intake.onFollowUp(m, person, id, Number(second));
          return { kind: "done" };
        case "ticket.claim":
          await this.assignment.claim(m, person, id);
          return { kind: "done" };
        case "ticket.assign":
          return { kind: "form", form: await this.assignment.assignForm(m, person, id) };
        case "ticket.categorise":
          return { kind: "form", form: await this.categorisation.form(m, person, id) };
        case "ticket.escalate":
          return { kind: "form", form: escalateForm(this.ctx.config, await this.staffTicket(m, person, id, "escalate"), person.locale) };
        case "ticket.resolve":
          return { kind: "form", form: resolveForm(await this.staffTicket(m, person, id, "resolve"), person.locale) };
        case "ticket.merge":
          return { kind: "form", form: mergeForm(await this.staffTicket(m, person, id, "merge"), person.locale) };
        case "ticket.wait":
          await this.tickets.waitForRequester(m, person, id);
          return { kind: "done" };
        case "ticket.hand_on":
          return { kind: "form", form: await this.levelThree.form(m, person, id) };
        case "ticket.take_back":
          await this.tickets.takeBack(m, person, id);
          return { kind: "done" };
        case "ticket.note":
          return { kind: "form", form: await this.notes.form(m, person, id) };
        case "ticket.blocking":
          if (second !== "on" && second !== "off") throw new DeskError("invalid_input", t.badOption);
          await this.blocking.set(m, person, id, second === "on");
          return { kind: "done" };
        case "ticket.transfer":
          return { kind: "form", form: await this.externalDesks.form(m, person, id) };
        case "ticket.transfer_cancel":
          return { kind: "done", notice: await this.externalDesks.cancel(m, person, id) };
        case "ticket.forward":
          await this.tickets.forward(m, person, id);
          return { kind: "done", notice: t.forwarded };
        case "ticket.close":
          await this.tickets.close(m, person, id);
          return { kind: "done" };
        case "ticket.reopen":
          await this.tickets.reopen(m, person, id);
          return { kind: "done" };
        case "survey.rate":
          await this.tickets.rate(m, person, id, Number(second));
          return { kind: "done" };
        case "incident.update":
          if (!isDeskStaff(person)) throw new DeskError("not_allowed", t.incidentOnlyStaff);
          return { kind: "form", form: this.incidents.updateForm(person.locale, id) };
        case "incident.close":
          await this.incidents.close(m, person, id, null);
          return { kind: "done", notice: t.incidentClosedNotice(id) };
        case "incident.other":
          await this.intake.onNotTheIncident(m, person, id);
          return { kind: "done" };
        case "ticket.save_draft":
          return { kind: "form", form: await this.drafts.form(m, person, id) };
        case "kb.publish":
          return { kind: "form", form: await this.drafts.publishForm(person, press.value) };
        default:
          throw new DeskError("invalid_input", t.badOption);
      }
    });
    // A confirmed self-service action is called once its confirmation is stored.
    if (press.action === "action.confirm" && outcome.kind === "done") this.selfService.kick();
    return outcome;
  }

  /** A submitted form (modal, card, console prompts). */
  async submitForm(submission: InboundForm): Promise<ActionOutcome> {
    return this.runAction(submission.sender.platform, submission.eventId, async (m) => {
      const person = await this.ctx.directory.resolve(m, submission.sender);
      const t = texts(person.locale);
      const ticketId = Number(submission.context);
      switch (submission.form) {
        case "escalate": {
          const ticket = await this.staffTicket(m, person, ticketId, "escalate");
          const form = escalateForm(this.ctx.config, ticket, person.locale);
          const checked = validateForm(form.fields, submission.values, person.locale);
          if (!checked.ok) return { kind: "invalid", errors: checked.errors };
          await this.tickets.escalate(m, person, ticketId, checked.values.group, checked.values.note ?? "");
          return { kind: "done" };
        }
        case "resolve": {
          const ticket = await this.staffTicket(m, person, ticketId, "resolve");
          const checked = validateForm(resolveForm(ticket, person.locale).fields, submission.values, person.locale);
          if (!checked.ok) return { kind: "invalid", errors: checked.errors };
          await this.tickets.resolve(m, person, ticketId, checked.values.resolution ?? "");
          return { kind: "done" };
        }
        case "assign": {
          const form = await this.assignment.assignForm(m, person, ticketId);
          const checked = validateForm(form.fields, submission.values, person.locale);
          if (!checked.ok) return { kind: "invalid", errors: checked.errors };
          await this.assignment.assign(m, person, ticketId, checked.values.assignee);
          return { kind: "done" };
        }
        case "reject": {
          // A workflow's approval step is named with its request: `request:step`.
          const [request, step] = submission.context.split(":").map(Number);
          const workflowStep = submission.context.includes(":");
          const form = workflowStep ? await this.workflows.rejectForm(m, person, request, step) : await this.tickets.rejectForm(m, person, ticketId);
          const checked = validateForm(form.fields, submission.values, person.locale);
          if (!checked.ok) return { kind: "invalid", errors: checked.errors };
          if (workflowStep) await this.workflows.reject(m, person, request, step, checked.values.reason);
          else await this.tickets.reject(m, person, ticketId, checked.values.reason);
          return { kind: "done" };
        }
        case "categorise": {
          const form = await this.categorisation.form(m, person, ticketId);
          const checked = validateForm(form.fields, submission.values, person.locale);
          if (!checked.ok) return { kind: "invalid", errors: checked.errors };
          await this.categorisation.categorise(m, person, ticketId, checked.values.category);
          return { kind: "done" };
        }
        case "transfer": {
          const form = await this.externalDesks.form(m, person, ticketId);
          const checked = validateForm(form.fields, submission.values, person.locale);
          if (!checked.ok) return { kind: "invalid", errors: checked.errors };
          await this.externalDesks.transfer(m, person, ticketId, checked.values.desk, checked.values.note ?? "");
          return { kind: "done" };
        }
        case "merge": {
          const ticket = await this.staffTicket(m, person, ticketId, "merge");
          const checked = validateForm(mergeForm(ticket, person.locale).fields, submission.values, person.locale);
          if (!checked.ok) return { kind: "invalid", errors: checked.errors };
          await this.tickets.merge(m, person, ticketId, Number(checked.values.into));
          return { kind: "done" };
        }
        case "hand_on":
          return this.levelThree.handOn(m, person, ticketId, submission.values);
        case "request":
          return this.catalogue.submit(m, person, submission.context, submission.values, submission.place);
        case "note":
          return this.notes.save(m, person, ticketId, submission.values);
        case "draft": {
          const saved = await this.drafts.save(m, person, ticketId, submission.values);
          return saved.ok ? { kind: "done", notice: t.draftSaved(saved.id, person.displayName, ticketId) } : { kind: "invalid", errors: saved.errors };
        }
        case "publish_draft": {
          const published = await this.drafts.publish(person, submission.context, submission.values);
          return published.ok ? { kind: "done", notice: published.notice } : { kind: "invalid", errors: published.errors };
        }
        case "incident": {
          const form = incidentForm(person.locale);
          const checked = validateForm(form.fields, submission.values, person.locale);
          if (!checked.ok) return { kind: "invalid", errors: checked.errors };
          const description = checked.values.description.slice(0, this.ctx.config.desk.maxMessageLength);
          const lang = detectLanguage(description, person.locale);
          const hits = this.ctx.knowledge.search(description, { lang, limit: 3 });
          const routing = routeTicket(this.ctx.config, { text: description, suggestedCategories: hits.map((h) => h.article.category), site: person.site });
          await this.tickets.create(m, { requester: person, place: submission.place, lang, title: titleFrom(description), description, ...routing });
          return { kind: "done" };
        }
        case "incident_update": {
          const checked = validateForm(this.incidents.updateForm(person.locale, ticketId).fields, submission.values, person.locale);
          if (!checked.ok) return { kind: "invalid", errors: checked.errors };
          await this.incidents.update(m, person, ticketId, checked.values.news);
          return { kind: "done", notice: t.incidentUpdatedNotice(ticketId) };
        }
        case "major_incident": {
          const checked = validateForm(this.incidents.declareForm(person.locale).fields, submission.values, person.locale);
          if (!checked.ok) return { kind: "invalid", errors: checked.errors };
          const { title, category, description } = checked.values;
          const incident = await this.incidents.declare(m, person, { title, category, description: description ?? null });
          return { kind: "done", notice: t.incidentDeclaredNotice(incident.id) };
        }
        default:
          throw new DeskError("invalid_input", t.badOption);
      }
    });
  }

  /** A command (Slack's /guichet, a word typed in a DM or the console). Its answer is for the asker only. */
  async runCommand(sender: PlatformUser, place: ChatPlace, name: string, args: string): Promise<CommandOutcome>;
  /** With the platform's id for the command: a second delivery of it does nothing (`incident declare` declares once). */
  async runCommand(sender: PlatformUser, place: ChatPlace, name: string, args: string, eventId: string): Promise<CommandOutcome | { kind: "duplicate" }>;
  async runCommand(sender: PlatformUser, place: ChatPlace, name: string, args: string, eventId?: string): Promise<CommandOutcome | { kind: "duplicate" }> {
    const outcome = await metrics.observeInboundEvent(sender.platform, () => this.transaction(sender.platform, async (m): Promise<CommandOutcome | { kind: "duplicate" }> => {
      if (eventId && !(await recordEvent(m, sender.platform, eventId, this.ctx.now()))) return { kind: "duplicate" };
      const person = await this.ctx.directory.resolve(m, sender);
      // Agents only, and never a word typed in a DM: "incident …" there is a requester describing a problem.
      if (name.toLowerCase() === "incident") return runIncidentCommand(this.incidents, m, person, args);
      try {
        return await this.command(m, person, place, COMMANDS[name.toLowerCase()] ?? "help", args);
      } catch (error) {
        // A refusal ("ticket 99": no such ticket) is the command's answer.
        if (error instanceof DeskError) return { kind: "view", view: { kind: "notice", lang: person.locale, text: error.message } };
        throw error;
      }
    }));
    this.outbox.kick();
    return outcome;
  }

  /**
   * The internal-note form of the ticket whose thread holds `place`, with `text` in it (Slack's message shortcut on a
   * reply in a ticket's thread).
   */
  async noteFormAt(sender: PlatformUser, place: ChatPlace, text: string): Promise<ActionOutcome> {
    return this.runAction(sender.platform, undefined, async (m) => {
      const person = await this.ctx.directory.resolve(m, sender);
      return { kind: "form", form: await this.notes.formAt(m, person, place, text) };
    });
  }

  /** An agent declares a major incident: broadcast at once to the announcements place and the requesters concerned. */
  async declareMajorIncident(sender: PlatformUser, input: MajorIncidentInput, eventId?: string): Promise<ActionOutcome> {
    return this.runAction(sender.platform, eventId, async (m) => {
      const person = await this.ctx.directory.resolve(m, sender);
      const incident = await this.incidents.declare(m, person, input);
      return { kind: "done", notice: texts(person.locale).incidentDeclaredNotice(incident.id) };
    });
  }

  /** An agent closes a major incident: everyone linked to it is told, in the words of `resolution` if given. */
  async closeMajorIncident(sender: PlatformUser, id: number, resolution?: string, eventId?: string): Promise<ActionOutcome> {
    return this.runAction(sender.platform, eventId, async (m) => {
      const person = await this.ctx.directory.resolve(m, sender);
      await this.incidents.close(m, person, id, resolution ?? null);
      return { kind: "done", notice: texts(person.locale).incidentClosedNotice(id) };
    });
  }

  private async command(
    m: EntityManager,
    person: Person,
    place: ChatPlace,
    name: CommandName,
    args: string,
  ): Promise<CommandOutcome> {
    const lang = args.trim() ? detectLanguage(args, person.locale) : person.locale;
    const t = texts(lang);
    switch (name) {
      case "new": {
        const type = args.trim() ? findRequestType(this.ctx.config, args.trim()) : undefined;
        if (type) return { kind: "form", form: this.catalogue.form(person, type.id, lang) };
        return { kind: "view", view: this.catalogue.view(person, lang) };
      }
      case "status":
        return { kind: "view", view: await this.status.status(m, person) };
      case "sla":
        return { kind: "view", view: commitmentsMessage(this.ctx, lang) };
      case "notifications":
        return { kind: "view", view: await this.notifications.command(m, person, args) };
      case "ticket":
        return { kind: "view", view: await this.status.ticket(m, person, Number(args.trim().replace(/^#/, ""))) };
      case "level3":
        return { kind: "form", form: await this.levelThree.form(m, person, Number(args.trim().replace(/^#/, ""))) };
      case "register":
        return runRegisterCommand(this.ctx, m, person, place, args);
      case "search": {
        const hits = args.trim() ? this.ctx.knowledge.search(args, { lang, limit: 3 }) : [];
        return {
          kind: "view",
          view: hits.length
            ? { kind: "suggestions", lang, title: t.searchResults(args.trim()), articles: hits.map((h) => ({ id: h.article.id, title: h.article.title, body: h.article.body })) }
            : { kind: "notice", lang, text: t.searchEmpty(args.trim()) },
        };
      }
      default:
        return { kind: "view", view: { kind: "help", lang, text: t.help(person.role) } };
    }
  }

  /**
   * News from another desk on its webhook (`POST /hooks/<desk>`), already checked for its signature: applied once,
   * with the signature recorded (an exact replay is refused) and the event id (a re-sent event is a duplicate).
   */
  async receiveDeskNews(
    deskId: string,
    ticket: { id: number | null; externalId: string | null },
    news: RemoteNews,
    keys: { eventId: string; signature: string },
  ): Promise<"done" | "duplicate" | "replayed" | "unknown_ticket"> {
    const outcome = await this.ctx.store.transactionRetrying(async (m) => {
      const now = this.ctx.now();
      if (!(await recordEvent(m, "desk", `hook:${deskId}:${keys.signature}`, now))) return "replayed" as const;
      if (!(await recordEvent(m, "desk", `hook:${deskId}:event:${keys.eventId}`, now))) return "duplicate" as const;
      const transfer = await this.externalDesks.transferFor(m, deskId, ticket.id, ticket.externalId);
      if (!transfer) return "unknown_ticket" as const;
      await this.externalDesks.applyNews(m, transfer.id, news);
      return "done" as const;
    });
    this.outbox.kick();
    return outcome;
  }

  /** A person's own page (Slack's App Home): their tickets; for desk staff the queue, for experts their escalations. */
  async home(sender: PlatformUser): Promise<HomeView> {
    return this.transaction(sender.platform, async (m) => buildHome(m, this.ctx, await this.ctx.directory.resolve(m, sender)));
  }

  /**
   * The ticket card posted at `place` (a triage post, named by its message id) as it is now, or null. A Teams card
   * press is answered with the card to show, so the person who pressed sees the change at once.
   */
  async ticketCardAt(place: ChatPlace): Promise<MessageView | null> {
    return this.ctx.store.transaction(async (m) => {
      const thread = await threadAt(m, place);
      if (!thread || thread.role !== "triage") return null;
      const ticket = await m.findOne(Ticket, { where: { id: thread.ticketId } });
      return ticket ? this.tickets.card(m, ticket) : null;
    });
  }

  /** A view the desk sent to this conversation (by its outbox id), for a channel that redraws the post after a press. */
  async sentView(place: ChatPlace, outboxId: number): Promise<MessageView | null> {
    if (!Number.isInteger(outboxId)) return null;
    const row = await this.ctx.store.manager.findOne(OutboxMessage, {
      where: { id: outboxId, platform: place.platform, conversation: place.conversation },
    });
    return row ? (row.payload as MessageView) : null;
  }

  private async staffTicket(m: EntityManager, person: Person, id: number, what: "escalate" | "resolve" | "merge"): Promise<Ticket> {
    const t = texts(person.locale);
    const ticket = await this.tickets.load(m, id, person.locale);
    // Merging stays with desk staff; escalating and resolving are level 1's work, which an expert may relieve.
    const allowed = what === "merge" ? isDeskStaff(person) : mayWorkAsLevel1(this.ctx.config, person, ticket);
    if (!allowed) throw new DeskError("not_allowed", t.notAllowed(what));
    const check = checkTransition(what, ticket.status, actingRole(this.ctx.config, person, ticket));
    if (!check.ok) throw new DeskError("invalid_transition", t.invalidTransition(t.status[ticket.status]));
    return ticket;
  }

  private async enqueueTo(m: EntityManager, place: ChatPlace, view: MessageView): Promise<void> {
    await enqueueOutbound(m, [{ platform: place.platform, conversation: place.conversation, thread: place.thread ?? null, view }]);
  }

  private async runAction(platform: Platform, eventId: string | undefined, work: (m: EntityManager) => Promise<ActionOutcome>): Promise<ActionOutcome> {
    const outcome = await this.run(platform, eventId, work);
    return outcome.kind === "refused" ? { kind: "refused", message: outcome.message } : (outcome as ActionOutcome);
  }

  /** Every inbound event goes through here: timed and counted by outcome for GET /metrics. */
  private run<T>(platform: Platform, eventId: string | undefined, work: (m: EntityManager) => Promise<T>) {
    return metrics.observeInboundEvent(platform, () => this.runOnce(platform, eventId, work));
  }

  /**
   * One transaction: the event id is recorded with the effects, so a redelivery finds it and does nothing,
   * and a crash before the commit leaves no trace, so the redelivery does the work. A refusal rolls back.
   * A transaction that loses a race to another (two first messages of a new person, a conversation moved on meanwhile)
   * is logged and run again on the new state; only the event id already recorded means "duplicate".
   */
  private async runOnce<T>(
    platform: Platform,
    eventId: string | undefined,
    work: (m: EntityManager) => Promise<T>,
  ): Promise<T | { kind: "duplicate" } | { kind: "refused"; message: string }> {
    try {
      const result = await this.transaction(platform, async (m) => {
        if (eventId && !(await recordEvent(m, platform, eventId, this.ctx.now()))) return { kind: "duplicate" as const };
        return work(m);
      });
      this.outbox.kick();
      return result;
    } catch (error) {
      if (error instanceof DeskError) return { kind: "refused", message: error.message };
      logger.error({ event: "desk.failed", platform, err: error });
      throw error;
    }
  }

  /** A transaction of the desk, run again when it loses a race to another one. */
  private transaction<T>(platform: Platform, work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ctx.store.transactionRetrying(work, {
      onRetry: (error, attempt) => logger.warn({ event: "desk.conflict_retried", platform, attempt, code: conflictCode(error) }),
    });
  }
}

function conflictCode(error: unknown): string {
  return error instanceof ConcurrentChangeError ? error.message : String((error as { code?: unknown })?.code ?? "unknown");
}

function parseCommand(text: string): { name: CommandName; args: string } | null {
  const match = /^\/?(\S+)(?:\s+([\s\S]*))?$/.exec(text.trim());
  if (!match) return null;
  const name = COMMANDS[match[1].toLowerCase()];
  if (!name) return null;
  const args = match[2] ?? "";
  // "help", "status", "new" are commands alone; "search" needs words after it. A sentence starting "new phone…" is a question.
  if (name === "search") return args.trim() ? { name, args } : null;
  if (name === "ticket" || name === "level3") return /^#?\d+$/.test(args.trim()) ? { name, args } : null;
  if (name === "register") return isRegistration(args) ? { name, args } : null;
  if (name === "new") return args.trim() === "" || !args.includes(" ") ? { name, args } : null;
  if (name === "notifications") return args.trim() === "" || /^(quiet|digest|surveys|mute|unmute)\b/i.test(args.trim()) ? { name, args } : null;
  return args.trim() === "" ? { name, args } : null;
}

