import type { RespondFn, types, webApi } from "@slack/bolt";
import { logger } from "../../logger";
import { escapeMrkdwn } from "./escape-mrkdwn";
import { BLOCK_LIMITS, cutMrkdwn } from "./blocks/block-limits";

/** Where a person pressed, typed or submitted something, to answer them there and to them alone. */
export interface ReplyTarget {
  user: string;
  /** A conversation the bot is in (it posted the message that was pressed, or it was written to). */
  channel?: string;
  thread?: string | null;
  /** The request's response URL (buttons, commands, shortcuts): it works even where the bot is not a member. */
  respond?: RespondFn;
}

/**
 * Answers one person privately: a refusal ("only support staff can claim"), a confirmation, a command's answer.
 * These are the only messages that do not go through the outbox: they answer a click now, mean nothing later, and
 * an ephemeral message cannot be retried into a thread anyway. Where the bot is in the conversation,
 * `chat.postEphemeral` puts the answer next to what was pressed (in its thread); elsewhere the response URL reaches
 * channels the bot is not in.
 */
export async function replyPrivately(
  client: webApi.WebClient,
  target: ReplyTarget,
  message: { text: string; blocks?: types.KnownBlock[] },
): Promise<boolean> {
  const attempts: Array<[string, () => Promise<unknown>]> = [];
  const { channel, respond } = target;
  if (channel) {
    attempts.push(["chat.postEphemeral", () =>
      client.chat.postEphemeral({
        channel,
        user: target.user,
        text: message.text,
        ...(message.blocks ? { blocks: message.blocks } : {}),
        ...(target.thread ? { thread_ts: target.thread } : {}),
      })]);
  }
  if (respond) {
    attempts.push(["response_url", () =>
      respond({ response_type: "ephemeral", replace_original: false, text: message.text, ...(message.blocks ? { blocks: message.blocks } : {}) })]);
  }
  for (const [how, attempt] of attempts) {
    try {
      await attempt();
      return true;
    } catch (error) {
      logger.warn({ event: "slack.private_reply_failed", how, error: (error as Error).message });
    }
  }
  return false;
}

/** A sentence from the desk as a private reply. */
export function plainReply(text: string): { text: string; blocks: types.KnownBlock[] } {
  const mrkdwn = cutMrkdwn(escapeMrkdwn(text), BLOCK_LIMITS.sectionText);
  return { text: mrkdwn, blocks: [{ type: "section", text: { type: "mrkdwn", text: mrkdwn } }] };
}
