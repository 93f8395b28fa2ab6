import type { App, MessageShortcut, RespondFn, webApi } from "@slack/bolt";
import type { ActionOutcome, FormView } from "../../core/messages/message-view";
import { logger } from "../../logger";
import { NOTE_FROM_MESSAGE_SHORTCUT, TICKET_FROM_MESSAGE_SHORTCUT } from "./action-ids";
import { renderFormModal, type FormPlace } from "./blocks/form-modal";
import { slackTextToPlain } from "./inbound-text";
import { PROFILE_BUDGET_MS, type SlackListenerDeps } from "./listener-deps";
import { plainReply, replyPrivately } from "./private-reply";

/**
 * The message shortcuts. "Create a ticket" → the desk's incident form (`request.start` / `incident`, the same as the
 * catalogue's "report a problem" button), with the message's text already in the description; the person who uses
 * it is the requester, and the ticket is followed in their DM with the bot. "Internal note", on a message in a
 * ticket's thread → the ticket's note form with the message's text, for desk staff. Slack was answered when the
 * shortcut was stored (`SlackIngress`).
 */
export function registerShortcuts(app: App, deps: SlackListenerDeps): void {
  app.shortcut<MessageShortcut>(TICKET_FROM_MESSAGE_SHORTCUT, async ({ shortcut, client, respond }) => {
    await onTicketShortcut(deps, client, shortcut, respond);
  });
  app.shortcut<MessageShortcut>(NOTE_FROM_MESSAGE_SHORTCUT, async ({ shortcut, client, respond }) => {
    await onNoteShortcut(deps, client, shortcut, respond);
  });
}

async function onTicketShortcut(deps: SlackListenerDeps, client: webApi.WebClient, shortcut: MessageShortcut, respond: RespondFn): Promise<void> {
  const sender = await deps.profiles.user(shortcut.user.id, PROFILE_BUDGET_MS);
  const outcome = await deps.desk.pressButton({ eventId: `shortcut:${shortcut.trigger_id}`, sender, action: "request.start", value: "incident" });
  const withText = outcome.kind === "form" ? { kind: "form" as const, form: withDescription(outcome.form, slackTextToPlain(shortcut.message.text ?? "")) } : outcome;
  await answer(client, shortcut, respond, withText, null);
}

async function onNoteShortcut(deps: SlackListenerDeps, client: webApi.WebClient, shortcut: MessageShortcut, respond: RespondFn): Promise<void> {
  const sender = await deps.profiles.user(shortcut.user.id, PROFILE_BUDGET_MS);
  // A reply names its thread; a message that is not a reply is the root of its own (a ticket card is one).
  const thread = shortcut.message.thread_ts ?? shortcut.message.ts;
  const place: FormPlace = { conversation: shortcut.channel.id, thread };
  const outcome = await deps.desk.noteFormAt(sender, { platform: "slack", ...place }, slackTextToPlain(shortcut.message.text ?? ""));
  await answer(client, shortcut, respond, outcome, place);
}

/** Opens the form at once, while the trigger id lives; a refusal goes to the person who used the shortcut only. */
async function answer(client: webApi.WebClient, shortcut: MessageShortcut, respond: RespondFn, outcome: ActionOutcome, place: FormPlace | null): Promise<void> {
  if (outcome.kind === "form") {
    await client.views.open({ trigger_id: shortcut.trigger_id, view: renderFormModal(outcome.form, place) }).catch((error: unknown) => {
      logger.warn({ event: "slack.modal_failed", shortcut: shortcut.callback_id, error: (error as Error).message });
    });
    return;
  }
  if (outcome.kind === "refused") {
    await replyPrivately(client, { user: shortcut.user.id, respond }, plainReply(outcome.message));
  }
}

/** The form with the message's words in its free-text field, for the requester to complete. */
function withDescription(form: FormView, text: string): FormView {
  const index = form.fields.findIndex((f) => f.type === "textarea");
  if (index < 0 || text.trim() === "") return form;
  const fields = form.fields.map((field, i) => (i === index ? { ...field, initial: text.trim() } : field));
  return { ...form, fields };
}
