import { createHash } from "node:crypto";
import { z } from "zod";
import { DESK_BUTTON_PATTERN, FORM_CALLBACK_ID, NOTE_FROM_MESSAGE_SHORTCUT, SLASH_COMMAND, TICKET_FROM_MESSAGE_SHORTCUT } from "./action-ids";

/**
 * What arrives from Slack (over HTTP or Socket Mode), checked once at the edge before Bolt routes it and a listener
 * reads it. A signature proves that Slack sent a body, not that its fields have the types the listeners expect:
 * every field a listener reads is checked here, so a malformed body is refused with 400 instead of failing deep in
 * a listener (or, before this, in Bolt's receiver, where it ended the process).
 *
 * The order of the checks is Bolt's own (`getTypeAndConversation`), so that what is judged here is what Bolt
 * will route.
 */
export type SlackDelivery =
  /** For the desk; `key` names the delivery: a redelivery of the same event or interaction has the same key. */
  | { kind: "desk"; surface: DeskSurface; key: string }
  /** Well-formed, but nothing the desk listens to (another event type, a bot's message, a view it did not open). */
  | { kind: "ignored"; what: string }
  /** Malformed: answered 400, never routed. */
  | { kind: "invalid"; problem: string };

export type DeskSurface = "message" | "mention" | "home" | "action" | "view" | "shortcut" | "command";

// Slack omits absent fields; a field present with the wrong type (null included) is malformed.
const id = z.string().min(1).max(255);
const text = z.string().max(200_000);
const user = z.looseObject({ id });
/**
 * Fields Bolt itself reads before any listener runs, where a null would throw inside Bolt: they may be absent,
 * never of the wrong type.
 */
const boltEventFields = { item: z.looseObject({}).optional() };
const boltInteractionFields = { response_urls: z.array(z.looseObject({ response_url: z.string() })).optional() };

const messageEvent = z.looseObject({
  type: z.literal("message"),
  channel: id,
  ts: id,
  user: id.optional(),
  text: text.optional(),
  thread_ts: id.optional(),
  subtype: z.string().optional(),
  channel_type: z.string().optional(),
  ...boltEventFields,
});
const mentionEvent = z.looseObject({
  type: z.literal("app_mention"),
  channel: id,
  ts: id,
  user: id.optional(),
  text: text.optional(),
  thread_ts: id.optional(),
  channel_type: z.string().optional(),
  ...boltEventFields,
});
const homeEvent = z.looseObject({
  type: z.literal("app_home_opened"),
  user: id,
  channel: id.optional(),
  tab: z.string().optional(),
  ...boltEventFields,
});

const eventEnvelope = z.looseObject({
  type: z.literal("event_callback"),
  event_id: id,
  event: z.looseObject({ type: z.string().min(1) }),
  authorizations: z.array(z.looseObject({})).optional(),
});

const blockActions = z.looseObject({
  type: z.literal("block_actions"),
  user,
  trigger_id: id,
  actions: z.array(z.looseObject({ type: z.string(), action_id: z.string().max(255), value: z.string().max(2000).optional() })).min(1).max(25),
  container: z.looseObject({ type: z.string(), is_ephemeral: z.boolean().optional() }),
  channel: z.looseObject({ id }).optional(),
  message: z.looseObject({ ts: id, thread_ts: id.optional() }).optional(),
  view: z.looseObject({ type: z.string().optional() }).optional(),
  response_url: z.string().url().optional(),
  ...boltInteractionFields,
});

const stateValue = z.looseObject({
  value: text.nullish(),
  selected_date: z.string().nullish(),
  selected_option: z.looseObject({ value: z.string() }).nullish(),
});
const viewSubmission = z.looseObject({
  type: z.literal("view_submission"),
  user,
  view: z.looseObject({
    id,
    callback_id: z.string(),
    private_metadata: z.string().max(3000),
    state: z.looseObject({ values: z.record(z.string(), z.record(z.string(), stateValue)) }),
    blocks: z.array(z.looseObject({ type: z.string(), block_id: z.string().optional() })),
  }),
  ...boltInteractionFields,
});

const messageShortcut = z.looseObject({
  type: z.literal("message_action"),
  callback_id: z.string(),
  trigger_id: id,
  user,
  channel: z.looseObject({ id }).optional(),
  message: z.looseObject({ ts: id.optional(), thread_ts: id.optional(), text: text.optional() }),
  response_url: z.string().url(),
  ...boltInteractionFields,
});
/** "Internal note" is used on a message of a ticket's thread: where it is matters. */
const noteShortcut = messageShortcut.extend({
  channel: z.looseObject({ id }),
  message: z.looseObject({ ts: id, thread_ts: id.optional(), text: text.optional() }),
});

const slashCommand = z.looseObject({
  command: z.string(),
  text: text,
  user_id: id,
  channel_id: id,
  trigger_id: id,
  response_url: z.string().url(),
});

/** Subtypes that are still someone writing: a message with a file, a thread reply also sent to the channel. */
const WRITTEN_SUBTYPES = new Set([undefined, "file_share", "thread_broadcast"]);

/** A message written by a person (not a bot, not an edit or a join notice). */
export interface PersonMessage {
  channel: string;
  channelType: string | undefined;
  user: string;
  text: string;
  ts: string;
  threadTs: string | undefined;
}

/**
 * The person's message in a `message` or `app_mention` event, or null for what no person wrote: other bots (and
 * this one, whose every post in a DM comes back as an event), edits, deletions, join notices.
 */
export function personMessage(event: unknown): PersonMessage | null {
  const read = readPersonMessage(event);
  return "problem" in read ? null : read.message;
}

/**
 * Messages no person wrote are recognised before the fields are checked: Slack has many message subtypes, of many
 * shapes, and none of them is for the desk (answering them 400 would make Slack retry, then disable the app).
 */
function readPersonMessage(event: unknown): { message: PersonMessage | null } | { problem: string } {
  const e = event as Record<string, unknown>;
  if (e.bot_id !== undefined || !WRITTEN_SUBTYPES.has(e.subtype as string | undefined)) return { message: null };
  const parsed = (e.type === "app_mention" ? mentionEvent : messageEvent).safeParse(event);
  if (!parsed.success) return { problem: problemOf(e.type === "app_mention" ? "app_mention" : "message", parsed.error) };
  const message = parsed.data;
  if (message.user === undefined) return { message: null };
  return {
    message: {
      channel: message.channel,
      channelType: message.channel_type,
      user: message.user,
      text: message.text ?? "",
      ts: message.ts,
      threadTs: message.thread_ts,
    },
  };
}

/** Judges a body Slack signed (or sent over the Socket Mode connection). */
export function classifySlackBody(body: unknown): SlackDelivery {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return invalid("the body is not an object");
  const record = body as Record<string, unknown>;
  if (record.event !== undefined) return classifyEvent(record);
  if (record.command !== undefined) {
    const command = slashCommand.safeParse(record);
    if (!command.success) return invalid(problemOf("slash command", command.error));
    if (command.data.command !== SLASH_COMMAND) return ignored(`command ${command.data.command}`);
    return desk("command", `command:${command.data.trigger_id}`);
  }
  if (record.name !== undefined || record.type === "block_suggestion") return ignored("options request");
  if (record.actions !== undefined || record.type === "dialog_submission") {
    // Printed only once known to be a string: `String({"toString": []})` throws.
    if (typeof record.type !== "string") return invalid("interaction: type: expected string");
    if (record.type !== "block_actions") return ignored(`${record.type} action`);
    const actions = blockActions.safeParse(record);
    if (!actions.success) return invalid(problemOf("block_actions", actions.error));
    // Bolt routes a press by its first action (Slack sends one).
    if (!DESK_BUTTON_PATTERN.test(actions.data.actions[0].action_id)) return ignored("another app's button");
    return desk("action", `action:${actions.data.trigger_id}`);
  }
  switch (record.type) {
    case "message_action": {
      const callbackId = record.callback_id;
      if (callbackId !== TICKET_FROM_MESSAGE_SHORTCUT && callbackId !== NOTE_FROM_MESSAGE_SHORTCUT) {
        return typeof callbackId === "string" ? ignored(`shortcut ${callbackId}`) : invalid("message_action: callback_id: expected string");
      }
      const shortcut = (callbackId === NOTE_FROM_MESSAGE_SHORTCUT ? noteShortcut : messageShortcut).safeParse(record);
      if (!shortcut.success) return invalid(problemOf("message_action", shortcut.error));
      return desk("shortcut", `shortcut:${shortcut.data.trigger_id}`);
    }
    case "shortcut":
      return ignored("global shortcut");
    case "view_submission": {
      const submission = viewSubmission.safeParse(record);
      if (!submission.success) return invalid(problemOf("view_submission", submission.error));
      const view = submission.data.view;
      if (view.callback_id !== FORM_CALLBACK_ID) return ignored(`view ${view.callback_id}`);
      // A corrected resubmission (after field errors) is the same view with other values: another delivery.
      return desk("view", `view:${view.id}:${digest(view.state.values)}`);
    }
    case "view_closed":
      return ignored("view closed");
    default:
      return invalid(`unknown payload type ${JSON.stringify(record.type ?? null).slice(0, 60)}`);
  }
}

function classifyEvent(record: Record<string, unknown>): SlackDelivery {
  const envelope = eventEnvelope.safeParse(record);
  if (!envelope.success) return invalid(problemOf("event_callback", envelope.error));
  const { event, event_id: eventId } = envelope.data;
  const key = `event:${eventId}`;
  switch (event.type) {
    case "message":
    case "app_mention": {
      const read = readPersonMessage(event);
      if ("problem" in read) return invalid(read.problem);
      if (read.message === null) return ignored("a message no person wrote");
      return desk(event.type === "message" ? "message" : "mention", key);
    }
    case "app_home_opened": {
      const parsed = homeEvent.safeParse(event);
      if (!parsed.success) return invalid(problemOf(event.type, parsed.error));
      return parsed.data.tab === "home" ? desk("home", key) : ignored("the Messages tab opened");
    }
    default:
      return ignored(`event ${event.type.slice(0, 60)}`);
  }
}

function desk(surface: DeskSurface, key: string): SlackDelivery {
  return { kind: "desk", surface, key };
}

function ignored(what: string): SlackDelivery {
  return { kind: "ignored", what };
}

function invalid(problem: string): SlackDelivery {
  return { kind: "invalid", problem };
}

/** The first problem, with where it is (`view.state: expected object, received null`). */
function problemOf(what: string, error: z.ZodError): string {
  const issue = error.issues[0];
  const path = issue?.path.length ? issue.path.join(".") : "(body)";
  return `${what}: ${path}: ${issue?.message ?? "invalid"}`.slice(0, 300);
}

function digest(value: unknown): string {
  return createHash("sha256").update(JSON.stringify(value)).digest("hex").slice(0, 24);
}
