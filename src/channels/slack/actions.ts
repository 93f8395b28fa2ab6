import type { App, BlockAction, ButtonAction, RespondFn, webApi } from "@slack/bolt";
import type { ActionOutcome } from "../../core/messages/message-view";
import { logger } from "../../logger";
import { DESK_BUTTON_PATTERN, deskActionOf } from "./action-ids";
import { renderFormModal, type FormPlace } from "./blocks/form-modal";
import { publishHome } from "./home";
import { PROFILE_BUDGET_MS, type SlackListenerDeps } from "./listener-deps";
import { plainReply, replyPrivately, type ReplyTarget } from "./private-reply";

/**
 * Buttons → `desk.pressButton`. Slack was answered when the press was stored (`SlackIngress`); the desk checks the
 * presser's role (a button in a channel can be pressed by anyone in it) and de-duplicates on the interaction's
 * trigger id, which a redelivery repeats. A form opens as a modal at once, while the trigger id is alive; refusals and notices go to the presser
 * only; on the App Home the page is redrawn with them.
 */
export function registerActions(app: App, deps: SlackListenerDeps): void {
  app.action<BlockAction>(DESK_BUTTON_PATTERN, async ({ body, action, client, respond }) => {
    await onButton(deps, client, body, action as ButtonAction, body.response_url ? respond : undefined);
  });
}

async function onButton(
  deps: SlackListenerDeps,
  client: webApi.WebClient,
  body: BlockAction,
  button: ButtonAction,
  respond: RespondFn | undefined,
): Promise<void> {
  const action = deskActionOf(button.action_id);
  if (!action || button.type !== "button" || typeof button.value !== "string") return;
  const userId = body.user.id;
  const sender = await deps.profiles.user(userId, PROFILE_BUDGET_MS);
  const outcome = await deps.desk.pressButton({ eventId: `action:${body.trigger_id}`, sender, action, value: button.value });

  if (outcome.kind === "form") {
    const view = renderFormModal(outcome.form, formPlace(body));
    await client.views.open({ trigger_id: body.trigger_id, view }).catch((error: unknown) => {
      logger.warn({ event: "slack.modal_failed", action, error: (error as Error).message });
    });
    return;
  }
  const notice = noticeOf(outcome);
  if (body.view?.type === "home") {
    await publishHome(client, deps, userId, notice);
    return;
  }
  if (!notice) return;
  // An ephemeral message (a command's answer) may sit in a channel the bot is not in: answer it by its response URL.
  const ephemeral = (body.container as { is_ephemeral?: boolean }).is_ephemeral === true;
  const target: ReplyTarget = ephemeral
    ? { user: userId, respond }
    : { user: userId, channel: body.channel?.id, thread: (body.message?.thread_ts as string | undefined) ?? null, respond };
  await replyPrivately(client, target, plainReply(notice));
}

/**
 * Where a ticket created by the form is answered: the thread of the message whose button opened it. An ephemeral
 * message, the App Home or a modal has no thread to answer in: the form's ticket then goes to the person's DM.
 */
function formPlace(body: BlockAction): FormPlace | null {
  const container = body.container as { type?: string; is_ephemeral?: boolean };
  if (container.type !== "message" || container.is_ephemeral || !body.channel || !body.message) return null;
  return { conversation: body.channel.id, thread: (body.message.thread_ts as string | undefined) ?? body.message.ts };
}

function noticeOf(outcome: ActionOutcome): string | undefined {
  switch (outcome.kind) {
    case "refused":
      return outcome.message;
    case "invalid":
      return Object.values(outcome.errors).join("\n");
    case "done":
      return outcome.notice;
    default:
      return undefined;
  }
}
