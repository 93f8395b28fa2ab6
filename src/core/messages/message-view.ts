import type { Platform } from "../../store/entities/PersonIdentity";
import type { Lang } from "../knowledge/article";
import { texts } from "./texts";

/**
 * What the core asks a channel to show. Every string is plain text, including text that came from people:
 * the channel escapes it for its own markup (Slack mrkdwn, Teams markdown, a terminal). Only `articles[].body`
 * is Markdown, written by the desk in kb/.
 */
export interface MessageView {
  kind: MessageKind;
  lang: Lang;
  title?: string;
  text?: string;
  /** Words written by a person, shown as a quote with their name. */
  quote?: { author: string; text: string };
  articles?: ArticleView[];
  fields?: Array<{ label: string; value: string }>;
  /** The ticket's commitments, one line each (the ticket card, the experts' post, a requester's ticket). */
  milestones?: MilestonesView;
  actions?: ActionButton[];
  footer?: string;
  ticketId?: number;
  /** A workflow request's steps and their state, one line each (the request's card, the requester's receipt). */
  steps?: StepsView;
  /** Posts this message points at (a ticket's triage card): each channel draws a link to those on its platform. */
  links?: PostLink[];
  /**
   * The view asks its reader to answer about `ticketId`. How depends on where it is read (in its thread, `/t N` in
   * the console, the Reply button of a Teams chat): the channel adds the sentence (`textWithReplyHint`).
   */
  replyHint?: ReplyHint;
  /** Files that go with the message (the digest's chart, an extraction's CSV), stored by the desk, read at delivery. */
  files?: FileView[];
}

/** A file of a message: Slack uploads it; Teams shows an image or links to it; the console names it. */
export interface FileView {
  /** The published file's token: its content is read by it at delivery. */
  token: string;
  name: string;
  title: string;
  contentType: string;
  bytes: number;
  /** What an image shows, in words (screen readers, and places that show no image). */
  altText?: string;
  /** Where guichet serves it, when it has a public address (GUICHET_PUBLIC_URL). */
  url?: string;
  /** A small PNG of an image, base64, for a message that must stay small and has no address to point to (Teams). */
  preview?: string;
}

/** The steps of a workflow request (approvals, sub-requests to teams), as lines under a title. */
export interface StepsView {
  title: string;
  lines: Array<{ state: StepLineState; text: string }>;
}

/** waiting: not reached yet; current: being approved or worked on; done: approved or done; stopped: rejected or cancelled. */
export type StepLineState = "waiting" | "current" | "done" | "stopped";

/** The mark each channel draws before a step line, the same everywhere. */
export const STEP_MARKS: Readonly<Record<StepLineState, string>> = { waiting: "○", current: "▶", done: "✓", stopped: "✗" };

/** What a view asks its reader to answer: to add details to a request, to answer the desk, to answer as an expert. */
export type ReplyHint = "complete" | "answer" | "expert";

/** How a person answers where they read a view: in its thread, by naming the ticket (`/t N`), or with a Reply button. */
export type ReplyWay = "thread" | "command" | "button";

/** The view's text followed by how to answer, for a channel whose places answer `way`. */
export function textWithReplyHint(view: MessageView, way: ReplyWay): string | undefined {
  if (!view.replyHint || view.ticketId === undefined) return view.text;
  const hint = texts(view.lang).replyHint(view.replyHint, way, view.ticketId);
  return view.text ? `${view.text} ${hint}` : hint;
}

/** The commitments of a ticket as lines: `state` chooses the mark each channel draws before the words. */
export interface MilestonesView {
  lines: MilestoneLine[];
  /** When a post was drawn (it is redrawn only when a commitment changes state), for posts edited in place. */
  asOf?: string;
}

export interface MilestoneLine {
  state: "done" | "due" | "near" | "overdue" | "paused";
  text: string;
}

/** The mark of a commitment's state, the same on every platform. */
export const MILESTONE_MARKS: Record<MilestoneLine["state"], string> = {
  done: "✅",
  due: "⏳",
  near: "⚠️",
  overdue: "🚨",
  paused: "⏸️",
};

export type MessageKind =
  | "notice"
  | "help"
  | "suggestions"
  | "ticket_card"
  | "receipt"
  | "relay"
  | "expert_request"
  | "survey"
  | "list"
  /** An SLA reminder, breach, automatic escalation or closing, for the desk's staff. */
  | "sla_alert"
  /** A major incident's announcement, answer to a matching request, or end. */
  | "incident"
  /** The management digest: the report's figures as fields, with its text. */
  | "report";

export interface PostLink {
  label: string;
  platform: Platform;
  conversation: string;
  /** The post's id on the platform (a Slack ts, a Teams message id). */
  messageId: string;
}

export interface ArticleView {
  id: string;
  title: string;
  body: string;
}

/** Every button the desk can show. The value says what it applies to (a ticket or a conversation). */
export type ActionId =
  | "kb.solved"
  | "kb.not_solved"
  | "kb.open_ticket"
  | "kb.cancel"
  | "dup.link"
  | "dup.new"
  | "request.start"
  | "request.approve"
  | "request.reject"
  /** Cancels a workflow request and its open sub-requests. */
  | "request.cancel"
  /** The requester confirms a self-service action (value: its run id), or gives it up. */
  | "action.confirm"
  | "action.cancel"
  | "ticket.claim"
  | "ticket.assign"
  | "ticket.follow_up"
  | "ticket.categorise"
  | "ticket.escalate"
  | "ticket.wait"
  | "ticket.take_back"
  /** An expert of the level-2 group hands the ticket on to level 3 (`expertGroups[].escalatesTo`): opens its form. */
  | "ticket.hand_on"
  | "ticket.resolve"
  | "ticket.merge"
  | "ticket.forward"
  | "ticket.note"
  /** Tags a ticket as blocking (value `ID:on`) or untags it (`ID:off`). */
  | "ticket.blocking"
  /** Opens the Transfer to… form (another service desk, `externalDesks`). */
  | "ticket.transfer"
  /** Cancels a transfer still waiting to be created in the other desk's system. */
  | "ticket.transfer_cancel"
  | "ticket.close"
  | "ticket.reopen"
  | "ticket.save_draft"
  | "kb.publish"
  | "survey.rate"
  | "incident.close"
  | "incident.update"
  | "incident.other";

export const ACTION_IDS: readonly ActionId[] = [
  "kb.solved", "kb.not_solved", "kb.open_ticket", "kb.cancel", "dup.link", "dup.new", "request.start",
  "request.approve", "request.reject", "request.cancel", "action.confirm", "action.cancel", "ticket.claim", "ticket.assign", "ticket.follow_up", "ticket.categorise", "ticket.escalate", "ticket.wait", "ticket.take_back", "ticket.hand_on",
  "ticket.resolve", "ticket.merge", "ticket.forward", "ticket.note", "ticket.blocking", "ticket.transfer", "ticket.transfer_cancel", "ticket.close", "ticket.reopen", "ticket.save_draft", "kb.publish",
  "survey.rate", "incident.close", "incident.update", "incident.other",
];

export function isActionId(value: string): value is ActionId {
  return (ACTION_IDS as readonly string[]).includes(value);
}

export interface ActionButton {
  action: ActionId;
  label: string;
  value: string;
  style?: "primary" | "danger";
}

/** A form the channel shows (Slack modal, Teams Adaptive Card, console prompts) and sends back to `Desk.submitForm`. */
export interface FormView {
  form: FormId;
  /** What the form applies to: a ticket id, a request type id… sent back unchanged. */
  context: string;
  lang: Lang;
  title: string;
  submitLabel: string;
  intro?: string;
  fields: FormFieldView[];
}

export type FormId = "escalate" | "resolve" | "merge" | "note" | "assign" | "categorise" | "transfer" | "reject" | "request" | "incident" | "draft" | "publish_draft" | "major_incident" | "incident_update" | "hand_on";

export interface FormFieldView {
  id: string;
  label: string;
  type: "text" | "textarea" | "select" | "date" | "number" | "email";
  required: boolean;
  options?: Array<{ value: string; label: string }>;
  hint?: string;
  maxLength?: number;
  initial?: string;
  pattern?: string;
  /** For a date: the earliest accepted (YYYY-MM-DD), when the date must not be in the past. */
  min?: string;
}

/** What pressing a button or submitting a form did, for the person who did it. */
export type ActionOutcome =
  | { kind: "done"; notice?: string }
  | { kind: "refused"; message: string }
  | { kind: "form"; form: FormView }
  | { kind: "invalid"; errors: Record<string, string> }
  | { kind: "duplicate" };
