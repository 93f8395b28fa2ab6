import { In, type EntityManager } from "typeorm";
import type { RequestTypeConfig } from "../../config/desk-config-schema";
import { localize } from "../../config/localized-text";
import { Person } from "../../store/entities/Person";
import { Ticket } from "../../store/entities/Ticket";
import { ConcurrentChangeError } from "../../store/transaction-retry";
import { WorkflowStep } from "../../store/entities/WorkflowStep";
import type { DeskContext, TicketObserver } from "../desk-context";
import { DeskError } from "../desk-error";
import type { Lang } from "../knowledge/article";
import type { FormView, MessageView } from "../messages/message-view";
import { rejectForm } from "../managers/approval-requests";
import { texts } from "../messages/texts";
import { enqueueOutbound, type OutboundMessage } from "../outbox/outbox";
import { personOfEntry } from "../people/configured-people";
import { configuredDirectPlaces } from "../people/direct-places";
import { isDeskStaff } from "../permissions";
import { isOpen, reopenedStatus } from "../tickets/ticket-lifecycle";
import type { NewTicket, TicketService } from "../tickets/ticket-service";
import { postToThreads } from "../tickets/ticket-threads";
import { excerpt } from "../tickets/ticket-views";
import { approverEntries, configuredEntryOf } from "./step-approvers";
import { approvalOf, plannedSteps, stepLabel, subRequestAnswers, subRequestOf, subRequestTitle } from "./workflow-plan";
import { holdRequest, moveStep, stepOfSubRequest, stepsOfRequest, UNFINISHED } from "./workflow-steps";
import { stepsView } from "./workflow-views";

/**
 * Requests that need several teams (004: « une demande … pourra nécessiter plusieurs sous-demandes », « la notion
 * de validation »). A workflow request is a ticket whose steps do the work: approvals, each asked of its approvers in
 * their direct chat with the bot, then sub-requests, each a ticket of its own team (card, claim, SLA, escalation)
 * linked to the request. Steps of one position go at once; each position waits for the one before. The requester
 * follows the one request: a message per step done, the request resolved when the last step is done. A rejected
 * approval ends it with the reason; cancelling it cancels its open sub-requests; a sub-request reopened reopens it.
 *
 * It follows every ticket change (a `TicketObserver`, in the change's transaction): a sub-request resolved or
 * reopened moves its request on.
 */
export class Workflows implements TicketObserver {
  constructor(
    private readonly ctx: DeskContext,
    private readonly tickets: TicketService,
  ) {}

  private get config() {
    return this.ctx.config;
  }

  /**
   * Opens the request: the ticket and its steps, its first step started (approvers asked, or sub-requests opened)
   * before its card is posted, then the receipt that lists the steps.
   */
  async open(manager: EntityManager, type: RequestTypeConfig, request: NewTicket): Promise<Ticket> {
    const parent = await this.tickets.create(manager, {
      ...request,
      workflow: true,
      needsApproval: false,
      beforeAnnounce: async (m, ticket) => {
        for (const step of plannedSteps(type.workflow ?? [])) {
          await m.save(m.create(WorkflowStep, { ticketId: ticket.id, ...step, state: "waiting", approverIds: [] }));
        }
        await this.advance(m, ticket.id);
      },
    });
    const t = texts(parent.lang);
    const steps = await stepsView(manager, this.config, await stepsOfRequest(manager, parent.id), parent.lang);
    await this.tickets.tellRequester(manager, parent, (to) => ({
      kind: "receipt",
      lang: to.lang,
      ticketId: to.ticketId,
      title: t.receiptTitle(parent.id),
      text: t.workflow.receipt,
      quote: { author: request.requester.displayName, text: excerpt(parent.description, 300) },
      steps,
      actions: [{ action: "request.cancel", label: t.workflow.cancel, value: String(parent.id) }],
      replyHint: "complete",
    }), `receipt:${parent.id}`, { followers: false });
    return parent;
  }

  /** The approver's decision on a pending approval step: the request moves on to its next steps. */
  async approve(manager: EntityManager, approver: Person, parentId: number, stepId: number): Promise<Ticket> {
    const { parent, step } = await this.pendingApproval(manager, approver, parentId, stepId);
    const now = this.ctx.now();
    if (!(await moveStep(manager, step, ["pending"], { state: "approved", decidedById: approver.id, doneAt: now }))) {
      throw new DeskError("invalid_transition", texts(approver.locale).workflow.notPending);
    }
    await manager.update(Ticket, { id: parent.id }, { approval: "approved" });
    await this.tickets.audit(manager, parent.id, approver.id, "approved", null, null, { step: step.stepKey });
    const steps = await stepsOfRequest(manager, parent.id);
    const next = steps.filter((s) => s.position === step.position + 1);
    await this.tickets.tellRequester(manager, parent, (to) => {
      const t = texts(to.lang).workflow;
      const following = next.map((s) => stepLabel(this.config, s, to.lang)).join(", ");
      return {
        kind: "notice",
        lang: to.lang,
        ticketId: to.ticketId,
        text: [t.approved(stepLabel(this.config, step, to.lang), approver.displayName), following ? t.next(following) : ""].filter(Boolean).join(" "),
      };
    }, `step:${step.id}:approved`);
    await this.advance(manager, parent.id);
    return this.refresh(manager, parent.id);
  }

  /** An approver's Reject: a form asking for the reason, which the requester is given (the step still pending). */
  async rejectForm(manager: EntityManager, approver: Person, parentId: number, stepId: number): Promise<FormView> {
    const { parent, step } = await this.pendingApproval(manager, approver, parentId, stepId);
    // The managers' Reject form, naming the step.
    return { ...rejectForm(parent, approver.locale), context: `${parent.id}:${step.id}` };
  }

  /** The approver's refusal, with the reason: the request ends there, its remaining steps cancelled. */
  async reject(manager: EntityManager, approver: Person, parentId: number, stepId: number, reason: string): Promise<Ticket> {
    const t = texts(approver.locale);
    if (reason.trim() === "") throw new DeskError("invalid_input", t.requiredField);
    const { parent, step } = await this.pendingApproval(manager, approver, parentId, stepId);
    const now = this.ctx.now();
    if (!(await moveStep(manager, step, ["pending"], { state: "rejected", decidedById: approver.id, reason: reason.trim(), doneAt: now }))) {
      throw new DeskError("invalid_transition", t.workflow.notPending);
    }
    for (const other of await stepsOfRequest(manager, parent.id)) await moveStep(manager, other, ["waiting"], { state: "cancelled", doneAt: now });
    // The approver may be no manager of the desk (the requester's own manager, an expert group): the step gave
    // them the decision, so the request is rejected with a manager's right.
    const rejected = await this.tickets.move(manager, parent, "reject", approver, { closedAt: now, approval: "rejected" }, { reason: reason.trim(), step: step.stepKey }, { role: "manager" });
    await this.tickets.tellRequester(manager, rejected, (to) => ({
      kind: "notice",
      lang: to.lang,
      ticketId: to.ticketId,
      title: texts(to.lang).rejectedTitle(parent.id),
      text: texts(to.lang).workflow.rejected(approver.displayName, stepLabel(this.config, step, to.lang)),
      quote: { author: approver.displayName, text: reason.trim() },
    }), `step:${step.id}:rejected`);
    return this.refresh(manager, parent.id);
  }

  /** The requester (or the desk) gives the request up: its open steps are cancelled, their tickets closed. */
  async cancel(manager: EntityManager, person: Person, parentId: number): Promise<Ticket> {
    const t = texts(person.locale);
    await holdRequest(manager, parentId);
    const parent = await this.tickets.load(manager, parentId, person.locale);
    if (!parent.workflow) throw new DeskError("invalid_input", t.badOption);
    if (person.id !== parent.requesterId && !isDeskStaff(person)) throw new DeskError("not_allowed", t.workflow.onlyRequesterOrDesk);
    if (!isOpen(parent.status)) throw new DeskError("invalid_transition", t.invalidTransition(t.status[parent.status]));
    const now = this.ctx.now();
    for (const step of await stepsOfRequest(manager, parent.id)) {
      if (!(await moveStep(manager, step, UNFINISHED, { state: "cancelled", doneAt: now }))) continue;
      if (step.childTicketId === null) continue;
      const child = await this.tickets.load(manager, step.childTicketId, person.locale);
      if (!isOpen(child.status)) continue;
      // The team's own ticket is closed with the request, and its thread says why.
      await this.tickets.move(manager, child, "cancel", person, { closedAt: now }, { request: parent.id }, { role: "agent" });
      const lang = this.config.desk.defaultLocale;
      await postToThreads(manager, child, "triage", { kind: "relay", lang, ticketId: child.id, text: texts(lang).workflow.cancelledSubRequest(parent.id, person.displayName) });
    }
    const cancelled = await this.tickets.move(manager, parent, "cancel", person, {
      closedAt: now,
      approval: parent.approval === "pending" ? "none" : parent.approval,
    });
    await this.tickets.tellRequester(manager, cancelled, (to) => ({
      kind: "notice",
      lang: to.lang,
      ticketId: to.ticketId,
      title: texts(to.lang).workflow.cancelledTitle(parent.id),
      text: texts(to.lang).workflow.cancelledText(person.displayName),
    }), `cancelled:${parent.id}`);
    return cancelled;
  }

  /** The requester wrote on the request: their words reach every team working on one of its sub-requests too. */
  async requesterWrote(manager: EntityManager, requester: Person, ticket: Ticket, text: string): Promise<void> {
    if (!ticket.workflow) return;
    for (const step of await stepsOfRequest(manager, ticket.id)) {
      if (step.state !== "open" || step.childTicketId === null) continue;
      const child = await this.tickets.load(manager, step.childTicketId, requester.locale);
      if (isOpen(child.status)) await this.tickets.requesterReply(manager, requester, child, text);
    }
  }

  async ticketChanged(manager: EntityManager, ticket: Ticket, change: string): Promise<void> {
    if (ticket.parentId !== null) await this.subRequestChanged(manager, ticket, change);
    // The requester confirmed (or the desk closed) the request: its sub-requests resolved and waiting for that close.
    else if (ticket.workflow && change === "close") await this.closeDoneSubRequests(manager, ticket);
  }

  private async subRequestChanged(manager: EntityManager, child: Ticket, change: string): Promise<void> {
    const step = await stepOfSubRequest(manager, child.id);
    if (!step) return;
    await holdRequest(manager, step.ticketId);
    const now = this.ctx.now();
    if (child.status === "resolved" || child.status === "closed") {
      // Done once: a cancelled step, or one already done, stays as it is.
      if (await moveStep(manager, step, ["open"], { state: "done", doneAt: now })) {
        await this.tellStepDone(manager, child, step);
        await this.advance(manager, step.ticketId);
      }
    } else if (change === "reopen" && (await moveStep(manager, step, ["done"], { state: "open", doneAt: null }))) {
      await this.reopenParent(manager, child, step);
    }
    // The step's line shows the sub-request's status and who has it.
    await this.refresh(manager, step.ticketId);
  }

  /** A sub-request reopened reopens its request, if it was resolved or closed: the requester is told which step. */
  private async reopenParent(manager: EntityManager, child: Ticket, step: WorkflowStep): Promise<void> {
    const parent = await this.tickets.load(manager, step.ticketId, child.lang);
    if (parent.status !== "resolved" && parent.status !== "closed") return;
    const reopened = await this.tickets.move(manager, parent, "reopen", null, {
      status: reopenedStatus(parent.assigneeId),
      resolvedAt: null,
      closedAt: null,
    }, { subRequest: child.id }, { role: "agent" });
    await this.tickets.tellRequester(manager, reopened, (to) => ({
      kind: "notice",
      lang: to.lang,
      ticketId: to.ticketId,
      title: texts(to.lang).workflow.reopenedTitle(parent.id),
      text: texts(to.lang).workflow.reopened(stepLabel(this.config, step, to.lang)),
    }), `step:${step.id}:reopened:${this.ctx.now().getTime()}`);
  }

  /** One message per step done, with the team's answer, in the request's thread. */
  private async tellStepDone(manager: EntityManager, child: Ticket, step: WorkflowStep): Promise<void> {
    const parent = await this.tickets.load(manager, step.ticketId, child.lang);
    const steps = await stepsOfRequest(manager, parent.id);
    const finished = steps.filter((s) => s.state === "done" || s.state === "approved").length;
    const by = child.assigneeId !== null ? await manager.findOne(Person, { where: { id: child.assigneeId } }) : null;
    await this.tickets.tellRequester(manager, parent, (to) => ({
      kind: "notice",
      lang: to.lang,
      ticketId: to.ticketId,
      text: texts(to.lang).workflow.stepDone(stepLabel(this.config, step, to.lang), finished, steps.length),
      quote: child.resolution ? { author: by?.displayName ?? stepLabel(this.config, step, to.lang), text: child.resolution } : undefined,
    }), `step:${step.id}:done:${child.resolvedAt?.getTime() ?? child.closedAt?.getTime()}`);
  }

  /**
   * Starts what comes next: the waiting steps of the first position not finished, or, once every step is done, the
   * request's resolution. A request stopped (rejected, cancelled) or no longer open moves no further.
   */
  private async advance(manager: EntityManager, parentId: number): Promise<void> {
    const parent = await this.tickets.load(manager, parentId, this.config.desk.defaultLocale);
    if (!isOpen(parent.status)) return;
    const steps = await stepsOfRequest(manager, parentId);
    const unfinished = steps.filter((s) => UNFINISHED.includes(s.state));
    if (unfinished.length === 0) {
      if (steps.every((s) => s.state === "done" || s.state === "approved")) await this.complete(manager, parent, steps);
      return;
    }
    const position = Math.min(...unfinished.map((s) => s.position));
    for (const step of unfinished.filter((s) => s.position === position && s.state === "waiting")) {
      if (step.kind === "approval") await this.askApproval(manager, parent, step);
      else await this.openSubRequest(manager, parent, step);
    }
  }

  /** Every step is done: the request is resolved, and the requester asked to confirm it. */
  private async complete(manager: EntityManager, parent: Ticket, steps: WorkflowStep[]): Promise<void> {
    const now = this.ctx.now();
    const summary = (lang: Lang) => steps.map((s) => `${stepLabel(this.config, s, lang)}${s.childTicketId !== null ? ` (${texts(lang).ticketNumber(s.childTicketId)})` : ""}`).join(", ");
    const resolution = texts(parent.lang).workflow.resolution(summary(parent.lang));
    const resolved = await this.tickets.move(manager, parent, "resolve", null, {
      resolvedAt: now,
      resolution,
      firstAnswerAt: parent.firstAnswerAt ?? now,
    }, { resolution }, { role: "agent" });
    await this.tickets.tellRequester(manager, resolved, (to) => {
      const t = texts(to.lang);
      return {
        kind: "notice",
        lang: to.lang,
        ticketId: to.ticketId,
        title: t.workflow.completedTitle(parent.id),
        text: t.workflow.completed,
        actions: [
          { action: "ticket.close", label: t.confirmClose, value: String(to.ticketId), style: "primary" },
          { action: "ticket.reopen", label: t.reopen, value: String(to.ticketId) },
        ],
      };
    }, `resolved:${parent.id}:${now.getTime()}`);
  }

  /** An approval step starts: its approvers, as the directory of people gives them now, are asked in their chat. */
  private async askApproval(manager: EntityManager, parent: Ticket, step: WorkflowStep): Promise<void> {
    const requester = await manager.findOneOrFail(Person, { where: { id: parent.requesterId } });
    const entries = approverEntries(this.config, approvalOf(step), await configuredEntryOf(manager, this.ctx.directory, requester), parent.team);
    const approvers: Person[] = [];
    for (const entry of entries) {
      const person = await personOfEntry(manager, this.ctx.directory, entry, this.ctx.platforms());
      if (person) approvers.push(person);
    }
    if (!(await moveStep(manager, step, ["waiting"], { state: "pending", approverIds: approvers.map((p) => String(p.id)), startedAt: this.ctx.now() }))) {
      throw new ConcurrentChangeError(`workflow step ${step.id}`);
    }
    await manager.update(Ticket, { id: parent.id }, { approval: "pending" });
    const type = this.config.requestTypes.find((r) => r.id === parent.requestType);
    const value = `${parent.id}:${step.id}`;
    const messages: OutboundMessage[] = entries.flatMap((entry) => {
      const lang = entry.locale ?? this.config.desk.defaultLocale;
      const t = texts(lang);
      // No ticket id: an approver's chat is no place to answer the requester (a chat would add a Reply box).
      const view: MessageView = {
        kind: "notice",
        lang,
        title: t.workflow.approvalRequestTitle(parent.id, parent.title),
        text: t.workflow.approvalRequest(requester.displayName, type ? localize(type.label, lang) : parent.title, stepLabel(this.config, step, lang)),
        quote: { author: requester.displayName, text: excerpt(parent.description, 600) },
        actions: [
          { action: "request.approve", label: t.approve, value, style: "primary" },
          { action: "request.reject", label: t.reject, value, style: "danger" },
        ],
      };
      return configuredDirectPlaces(entry, this.ctx.platforms()).map((place) => ({
        platform: place.platform, conversation: place.conversation, view, dedupeKey: `workflow-approval:${step.id}:${place.platform}:${place.conversation}`,
      }));
    });
    await enqueueOutbound(manager, messages);
  }

  /** A sub-request starts: a ticket of its team, with the parent's answers it needs, posted in the team's triage. */
  private async openSubRequest(manager: EntityManager, parent: Ticket, step: WorkflowStep): Promise<void> {
    if (!(await moveStep(manager, step, ["waiting"], { state: "open", startedAt: this.ctx.now() }))) throw new ConcurrentChangeError(`workflow step ${step.id}`);
    const definition = subRequestOf(step);
    const requester = await manager.findOneOrFail(Person, { where: { id: parent.requesterId } });
    const answers = parent.fields ?? {};
    const lang = parent.lang;
    const fields = subRequestAnswers(definition, answers);
    const type = this.config.requestTypes.find((r) => r.id === parent.requestType);
    const label = (id: string) => {
      const field = type?.fields.find((f) => f.id === id);
      return field ? localize(field.label, lang) : id;
    };
    const category = definition.category ?? parent.category;
    await this.tickets.create(manager, {
      requester,
      place: null,
      parent,
      lang,
      title: subRequestTitle(definition, answers, lang),
      description: [
        texts(lang).workflow.subRequestOf(parent.id, parent.title, requester.displayName),
        ...Object.entries(fields).map(([id, answer]) => `${label(id)}: ${answer}`),
      ].join("\n"),
      category,
      team: definition.team,
      site: parent.site,
      priority: this.config.categories.find((c) => c.id === category)?.defaultPriority ?? parent.priority,
      kind: "request",
      requestType: parent.requestType ?? undefined,
      fields,
      // Linked before its card is posted, so that the card names its request.
      beforeAnnounce: async (m, ticket) => {
        await moveStep(m, step, ["open"], { childTicketId: ticket.id });
      },
    });
  }

  /** Closes the request's sub-requests that wait, resolved, for a confirmation that the request's closing gives. */
  private async closeDoneSubRequests(manager: EntityManager, parent: Ticket): Promise<void> {
    for (const step of await stepsOfRequest(manager, parent.id)) {
      if (step.childTicketId === null) continue;
      const child = await this.tickets.load(manager, step.childTicketId, parent.lang);
      if (child.status === "resolved") await this.tickets.close(manager, null, child.id);
    }
  }

  /** The approval step named by a button, still waiting, and the person pressing one of its approvers. */
  private async pendingApproval(manager: EntityManager, person: Person, parentId: number, stepId: number): Promise<{ parent: Ticket; step: WorkflowStep }> {
    const t = texts(person.locale);
    await holdRequest(manager, parentId);
    const parent = await this.tickets.load(manager, parentId, person.locale);
    const step = Number.isInteger(stepId) ? await manager.findOne(WorkflowStep, { where: { id: stepId, ticketId: parentId } }) : null;
    if (!step || step.kind !== "approval") throw new DeskError("not_found", t.ticketNotFound(String(parentId)));
    if (step.state !== "pending") throw new DeskError("invalid_transition", t.workflow.notPending);
    if (!step.approverIds.includes(String(person.id))) {
      const approvers = await manager.find(Person, { where: { id: In(step.approverIds.map(Number)) } });
      throw new DeskError("not_allowed", t.workflow.notYourStep(approvers.map((p) => p.displayName).join(", ") || t.workflow.pendingNobody));
    }
    return { parent, step };
  }

  /** The request's card, redrawn with its steps as they now are. */
  private async refresh(manager: EntityManager, parentId: number): Promise<Ticket> {
    const parent = await this.tickets.load(manager, parentId, this.config.desk.defaultLocale);
    await this.tickets.refreshCard(manager, parent);
    return parent;
  }
}
