import type { App, MessageShortcut, RespondFn, webApi } from "@slack/bolt";
import type { FormView } from "../../core/messages/message-view";
import { logger } from "../../logger";
import { TICKET_FROM_MESSAGE_SHORTCUT } from "./action-ids";
import { renderFormModal } from "./blocks/form-modal";
import { slackTextToPlain } from "./inbound-text";
import { PROFILE_BUDGET_MS, type SlackListenerDeps } from "./listener-deps";
import { plainReply, replyPrivately } from "./private-reply";

/**
 * The message shortcut "Create a ticket" → the desk's incident form (`request.start` / `incident`, the same as the
 * catalogue's "report a problem" button), with the message's text already in the description. The person who uses
 * the shortcut is the requester; the ticket is followed in their DM with the bot.
 */
export function registerShortcuts(app: App, deps: SlackListenerDeps): void {
  app.shortcut<MessageShortcut>(TICKET_FROM_MESSAGE_SHORTCUT, async ({ ack, shortcut, client, respond }) => {
    await ack();
    await deps.inFlight.run("shortcut", () => onShortcut(deps, client, shortcut, respond));
  });
}

async function onShortcut(deps: SlackListenerDeps, client: webApi.WebClient, shortcut: MessageShortcut, respond: RespondFn): Promise<void> {
  const userId = shortcut.user.id;
  const sender = await deps.profiles.user(userId, PROFILE_BUDGET_MS);
  const outcome = await deps.desk.pressButton({ eventId: `shortcut:${shortcut.trigger_id}`, sender, action: "request.start", value: "incident" });
  if (outcome.kind === "form") {
    const form = withDescription(outcome.form, slackTextToPlain(shortcut.message.text ?? ""));
    await client.views.open({ trigger_id: shortcut.trigger_id, view: renderFormModal(form, null) }).catch((error: unknown) => {
      logger.warn({ event: "slack.modal_failed", shortcut: TICKET_FROM_MESSAGE_SHORTCUT, error: (error as Error).message });
    });
    return;
  }
  if (outcome.kind === "refused") {
    await replyPrivately(client, { user: userId, respond }, plainReply(outcome.message));
  }
}

/** The form with the message's words in its free-text field, for the requester to complete. */
function withDescription(form: FormView, text: string): FormView {
  const index = form.fields.findIndex((f) => f.type === "textarea");
  if (index < 0 || text.trim() === "") return form;
  const fields = form.fields.map((field, i) => (i === index ? { ...field, initial: text.trim() } : field));
  return { ...form, fields };
}
