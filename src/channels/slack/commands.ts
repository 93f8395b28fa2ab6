import type { App, RespondFn, SlashCommand, webApi } from "@slack/bolt";
import { logger } from "../../logger";
import { SLASH_COMMAND } from "./action-ids";
import { renderFormModal } from "./blocks/form-modal";
import { renderMessage } from "./blocks/message-blocks";
import { slackTextToPlain } from "./inbound-text";
import { PROFILE_BUDGET_MS, type SlackListenerDeps } from "./listener-deps";
import { replyPrivately } from "./private-reply";

/**
 * `/guichet help | new [type] | status | search TEXT` → `desk.runCommand`. Slack was answered (empty, so it shows
 * nothing of its own) when the command was stored (`SlackIngress`); the answer is for the person who typed it, shown
 * privately where they typed it (through its response URL, which works for 30 minutes), or a modal.
 */
export function registerCommands(app: App, deps: SlackListenerDeps): void {
  app.command(SLASH_COMMAND, async ({ command, client, respond }) => {
    await onCommand(deps, client, command, respond);
  });
}

async function onCommand(deps: SlackListenerDeps, client: webApi.WebClient, command: SlashCommand, respond: RespondFn): Promise<void> {
  const text = slackTextToPlain(command.text ?? "").trim();
  const name = text.split(/\s+/)[0] || "help";
  const args = text.slice(name.length).trim();
  const sender = await deps.profiles.user(command.user_id, PROFILE_BUDGET_MS);
  const place = { platform: "slack" as const, conversation: command.channel_id, thread: null, direct: command.channel_id.startsWith("D") };
  const outcome = await deps.desk.runCommand(sender, place, name, args, `command:${command.trigger_id}`);
  // Already answered: this is a second delivery of the command (handled again after a crash).
  if (outcome.kind === "duplicate") return;
  if (outcome.kind === "form") {
    await client.views.open({ trigger_id: command.trigger_id, view: renderFormModal(outcome.form, null) }).catch((error: unknown) => {
      logger.warn({ event: "slack.modal_failed", command: name, error: (error as Error).message });
    });
    return;
  }
  // The command may be typed in a channel the bot is not in: its response URL answers anywhere.
  await replyPrivately(client, { user: command.user_id, respond }, renderMessage(outcome.view));
}
