import type { App, webApi } from "@slack/bolt";
import type { ChatPlace } from "../../core/people/platform-user";
import { formLauncherBlocks } from "./blocks/form-modal";
import { mentions, slackTextToPlain, withoutMentionOf } from "./inbound-text";
import type { SlackListenerDeps } from "./listener-deps";
import { plainReply, replyPrivately } from "./private-reply";

/** A message written by a person (not a bot, not an edit or a join notice). */
interface PersonMessage {
  channel: string;
  channelType: string | undefined;
  user: string;
  text: string;
  ts: string;
  threadTs: string | undefined;
}

/** Subtypes that are still someone writing: a message with a file, a thread reply also sent to the channel. */
const WRITTEN_SUBTYPES = new Set([undefined, "file_share", "thread_broadcast"]);

/**
 * Messages and mentions → `desk.receiveMessage`. In a direct message every message is for the desk, and the
 * conversation continues in a thread under it. In channels the desk hears mentions (`app_mention`) and replies in
 * threads (`message.channels`): a mention arrives through both subscriptions, so the `message` copy of a mention is
 * skipped; a thread reply without a mention is passed on as overheard, and the desk acts on it only in a ticket's
 * thread or in the thread of a conversation with it.
 */
export function registerMessages(app: App, deps: SlackListenerDeps): void {
  app.event("message", ({ event, body, client }) =>
    deps.inFlight.run("message", async () => {
      const message = personMessage(event);
      if (!message) return;
      if (message.channelType === "im") {
        const place = { platform: "slack" as const, conversation: message.channel, thread: message.threadTs ?? message.ts };
        await receive(deps, client, body.event_id, message, place, true);
        return;
      }
      if (mentions(deps.botUserId, message.text) || !message.threadTs) return;
      await receive(deps, client, body.event_id, message, { platform: "slack", conversation: message.channel, thread: message.threadTs }, false);
    }),
  );

  app.event("app_mention", ({ event, body, client }) =>
    deps.inFlight.run("mention", async () => {
      const message = personMessage(event);
      if (!message) return;
      const place = { platform: "slack" as const, conversation: message.channel, thread: message.threadTs ?? message.ts };
      await receive(deps, client, body.event_id, message, place, true);
    }),
  );
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

function personMessage(event: unknown): PersonMessage | null {
  const e = event as Record<string, unknown>;
  if (!WRITTEN_SUBTYPES.has(e.subtype as string | undefined)) return null;
  // Other bots (and this one: Bolt's ignoreSelf covers it too) never start a conversation with the desk.
  if (e.bot_id !== undefined || typeof e.user !== "string" || typeof e.channel !== "string" || typeof e.ts !== "string") return null;
  return {
    channel: e.channel,
    channelType: typeof e.channel_type === "string" ? e.channel_type : undefined,
    user: e.user,
    text: typeof e.text === "string" ? e.text : "",
    ts: e.ts,
    threadTs: typeof e.thread_ts === "string" ? e.thread_ts : undefined,
  };
}
