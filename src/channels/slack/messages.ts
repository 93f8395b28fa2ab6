import type { App, webApi } from "@slack/bolt";
import type { ChatPlace } from "../../core/people/platform-user";
import { formLauncherBlocks } from "./blocks/form-modal";
import { mentions, slackTextToPlain, withoutMentionOf } from "./inbound-text";
import type { SlackListenerDeps } from "./listener-deps";
import { plainReply, replyPrivately } from "./private-reply";
import { personMessage, type PersonMessage } from "./slack-payloads";

/**
 * Messages and mentions → `desk.receiveMessage`. In a direct message every message is for the desk, and the
 * conversation continues in a thread under it. In channels the desk hears mentions (`app_mention`) and replies in
 * threads (`message.channels`): a mention arrives through both subscriptions, so the `message` copy of a mention is
 * skipped; a thread reply without a mention is passed on as overheard, and the desk acts on it only in a ticket's
 * thread or in the thread of a conversation with it.
 */
export function registerMessages(app: App, deps: SlackListenerDeps): void {
  app.event("message", async ({ event, body, client }) => {
    const message = personMessage(event);
    if (!message) return;
    if (message.channelType === "im") {
      const place = { platform: "slack" as const, conversation: message.channel, thread: message.threadTs ?? message.ts, direct: true };
      await receive(deps, client, body.event_id, message, place, true);
      return;
    }
    if (mentions(deps.botUserId, message.text) || !message.threadTs) return;
    await receive(deps, client, body.event_id, message, { platform: "slack", conversation: message.channel, thread: message.threadTs }, false);
  });

  app.event("app_mention", async ({ event, body, client }) => {
    const message = personMessage(event);
    if (!message) return;
    const place = { platform: "slack" as const, conversation: message.channel, thread: message.threadTs ?? message.ts };
    await receive(deps, client, body.event_id, message, place, true);
  });
}

async function receive(
  deps: SlackListenerDeps,
  client: webApi.WebClient,
  eventId: string,
  message: PersonMessage,
  place: ChatPlace,
  addressed: boolean,
): Promise<void> {
  const text = slackTextToPlain(withoutMentionOf(deps.botUserId, message.text));
  const sender = await deps.profiles.user(message.user);
  const outcome = await deps.desk.receiveMessage({ eventId, sender, place, text, addressed });
  const target = { user: message.user, channel: message.channel, thread: place.thread };
  if (outcome.kind === "refused") await replyPrivately(client, target, plainReply(outcome.message));
  // The agent sees, privately and beside their message, that it stayed an internal note.
  if (outcome.kind === "noted") await replyPrivately(client, target, plainReply(outcome.notice));
  if (outcome.kind === "form") await replyPrivately(client, target, formLauncherBlocks(outcome.form));
}
