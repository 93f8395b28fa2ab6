import { localize } from "../../config/localized-text";
import type { DeskConfig } from "../../config/desk-config-schema";
import type { Ticket } from "../../store/entities/Ticket";
import type { Lang } from "../knowledge/article";
import type { TransferCardPart } from "../external-desks/transfer-card";
import { handOnButtons, levelThreeField } from "../level-three/level-three-views";
import type { ActionButton, MessageView, MilestonesView } from "../messages/message-view";
import { texts } from "../messages/texts";
import { categoryLabel, isUncategorised } from "../routing/category-labels";
import type { WorkflowCardPart } from "../workflows/workflow-views";
import { isOpen } from "./ticket-lifecycle";

/** Names the views need, looked up once by the caller. */
export interface TicketPeople {
  requester: string;
  assignee: string | null;
}

/** A quote of what the requester wrote, short enough for a card. */
export function excerpt(text: string, max = 600): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * The ticket as level 1 sees it in the triage channel: posted once, then updated in place at every change and when
 * a commitment changes state. Buttons depend on the state: only what can be done now is offered.
 */
export function ticketCard(
  config: DeskConfig,
  ticket: Ticket,
  people: TicketPeople,
  milestones: MilestonesView,
  transfer: TransferCardPart | null = null,
  workflow: WorkflowCardPart | null = null,
): MessageView {
  const lang = config.desk.defaultLocale;
  const t = texts(lang);
  const value = String(ticket.id);
  const actions: ActionButton[] = [];
  if (workflow?.running) {
    // A workflow request moves on through its steps and resolves itself: level 1 decides nothing on it but its
    // cancellation; an approval waiting is decided by its approvers (the buttons name the step).
    if (workflow.pendingApproval !== undefined) {
      const step = `${value}:${workflow.pendingApproval}`;
      actions.push({ action: "request.approve", label: t.approve, value: step, style: "primary" });
      actions.push({ action: "request.reject", label: t.reject, value: step, style: "danger" });
    }
    actions.push({ action: "request.cancel", label: t.workflow.cancel, value, style: "danger" });
  } else if (ticket.approval === "pending") {
    actions.push({ action: "request.approve", label: t.approve, value, style: "primary" });
    actions.push({ action: "request.reject", label: t.reject, value, style: "danger" });
  } else if (isOpen(ticket.status)) {
    if (ticket.assigneeId === null) actions.push({ action: "ticket.claim", label: t.claim, value, style: "primary" });
    actions.push({ action: "ticket.assign", label: t.assign, value });
    if (isUncategorised(ticket.category)) actions.push({ action: "ticket.categorise", label: t.categorise, value, style: "primary" });
    if (ticket.status === "escalated") actions.push({ action: "ticket.take_back", label: t.takeBack, value });
    else actions.push({ action: "ticket.escalate", label: t.escalate, value });
    if (ticket.status === "in_progress" || ticket.status === "escalated") {
      actions.push({ action: "ticket.wait", label: t.wait, value });
    }
    actions.push({ action: "ticket.resolve", label: t.resolve, value });
    if (config.externalDesks.length > 0) actions.push({ action: "ticket.transfer", label: t.transfer.button, value });
    actions.push({ action: "ticket.merge", label: t.merge, value, style: "danger" });
  } else if (transfer?.cancellable) {
    // A transfer still waiting to be created there (the other system unreachable) can be taken back.
    actions.push({ action: "ticket.transfer_cancel", label: t.transfer.cancelButton, value, style: "danger" });
  } else if (ticket.status === "resolved") {
    actions.push({ action: "ticket.reopen", label: t.reopen, value });
    actions.push({ action: "ticket.save_draft", label: t.saveDraft, value });
  } else if (ticket.status === "closed" && ticket.mergedIntoId === null && ticket.approval !== "rejected") {
    actions.push({ action: "ticket.save_draft", label: t.saveDraft, value });
  }
  // Blocking tickets are followed in review meetings; the tag can be taken off whatever the state.
  if (ticket.blocking) actions.push({ action: "ticket.blocking", label: t.unmarkBlocking, value: `${value}:off` });
  else if (isOpen(ticket.status) && ticket.approval !== "pending") actions.push({ action: "ticket.blocking", label: t.markBlocking, value: `${value}:on` });
  // A note is for level 1 whatever the state: it needs no marker, so nobody sends one to the requester by mistake.
  actions.push({ action: "ticket.note", label: t.noteButton, value });

  const fields = [
    { label: t.field.status, value: ticket.approval === "pending" ? t.approvalPending : t.status[ticket.status] },
    { label: t.field.assignee, value: people.assignee ?? t.unassigned },
    { label: t.field.requester, value: people.requester },
    { label: t.field.category, value: categoryLabel(config, ticket.category, lang) },
    { label: t.field.priority, value: t.priority[ticket.priority] },
    { label: t.field.kind, value: t.kind[ticket.kind] },
    { label: t.field.level, value: String(ticket.level) },
  ];
  if (ticket.blocking) fields.push({ label: t.field.blocking, value: t.blockingYes });
  if (ticket.site) {
    const site = config.sites.find((s) => s.id === ticket.site);
    fields.push({ label: t.field.site, value: site ? localize(site.label, lang) : ticket.site });
  }
  if (ticket.followUpOfId) fields.push({ label: t.field.followUpOf, value: t.ticketNumber(ticket.followUpOfId) });
  if (workflow?.parent) fields.push(workflow.parent);
  if (ticket.expertGroup) {
    const group = config.expertGroups.find((g) => g.id === ticket.expertGroup);
    fields.push({ label: t.field.expertGroup, value: group ? localize(group.label, lang) : ticket.expertGroup });
  }
  fields.push(...levelThreeField(config, ticket, lang));
  if (transfer) fields.push({ label: t.transfer.field, value: transfer.value });
  for (const [key, answer] of Object.entries(ticket.fields ?? {})) {
    const label = requestFieldLabel(config, ticket.requestType, key, lang);
    fields.push({ label, value: answer });
  }

  return {
    kind: "ticket_card",
    lang,
    ticketId: ticket.id,
    title: `#${ticket.id} · ${ticket.title}`,
    quote: { author: people.requester, text: excerpt(ticket.description) },
    fields,
    // A workflow request has no commitments of its own (its sub-requests have theirs): its steps instead.
    ...(workflow?.steps ? { steps: workflow.steps } : { milestones }),
    actions,
  };
}

/** What the experts' post says besides the ticket: who escalated it (or why the job did) and level 1's note. */
export interface EscalationWords {
  text: string;
  note: string;
}

/**
 * The ticket as the experts see it in their channel: posted at the escalation, then updated in place like the
 * triage card, with the same commitments, level 1's owner (whom they answer through) and the escalation's note.
 */
export function expertPost(config: DeskConfig, ticket: Ticket, people: TicketPeople, words: EscalationWords, milestones: MilestonesView): MessageView {
  const lang = config.desk.defaultLocale;
  const t = texts(lang);
  return {
    kind: "expert_request",
    lang,
    ticketId: ticket.id,
    title: t.escalationPostTitle(ticket.id, ticket.title),
    text: words.text,
    replyHint: "expert",
    quote: { author: people.requester, text: excerpt(ticket.description) },
    fields: [
      ...(words.note.trim() ? [{ label: t.escalationNote, value: words.note.trim() }] : []),
      { label: t.milestone.owner, value: people.assignee ?? t.milestone.noOwnerYet },
      { label: t.field.status, value: t.status[ticket.status] },
      { label: t.field.priority, value: t.priority[ticket.priority] },
      { label: t.field.category, value: categoryLabel(config, ticket.category, lang) },
      ...levelThreeField(config, ticket, lang),
    ],
    milestones,
    // Level 2 may hand the ticket on to its specialists (`escalatesTo`); the desk checks who presses.
    actions: handOnButtons(config, ticket, lang),
  };
}

function requestFieldLabel(config: DeskConfig, requestType: string | null, fieldId: string, lang: Lang): string {
  const field = config.requestTypes.find((r) => r.id === requestType)?.fields.find((f) => f.id === fieldId);
  return field ? localize(field.label, lang) : fieldId;
}

/** The card of a ticket for the requester's list ("status" command, App Home). */
export function ticketLine(ticket: Ticket, lang: Lang): string {
  const t = texts(lang);
  return `#${ticket.id} · ${ticket.title} — ${t.status[ticket.status]}`;
}
