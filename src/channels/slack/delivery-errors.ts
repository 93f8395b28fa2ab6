import { webApi } from "@slack/bolt";
import { DeliveryError } from "../../core/outbox/channel-sender";

/**
 * Slack errors that the same message can never get past: the outbox stops retrying them (the row stays, marked
 * failed, for an operator). Everything else is retried with backoff, including errors a person can fix while the
 * message waits: `not_in_channel` (invite the bot), `invalid_auth` or `missing_scope` (fix the token or reinstall).
 */
const PERMANENT = new Set([
  "channel_not_found",
  "is_archived",
  "msg_too_long",
  "no_text",
  "invalid_blocks",
  "invalid_blocks_format",
  "invalid_arguments",
  "invalid_arg_name",
  "invalid_metadata_format",
  "message_not_found",
  "cant_update_message",
  "edit_window_closed",
  "too_many_attachments",
  "restricted_action",
  "cannot_dm_bot",
  "user_not_found",
  "messages_tab_disabled",
]);

/** What to do about errors people can fix; the outbox logs the message with every retry. */
const HINTS: Record<string, string> = {
  not_in_channel: "invite the bot to the channel (/invite @guichet)",
  channel_not_found: "check the channel id in the desk configuration, and that the bot is in it",
  invalid_auth: "check SLACK_BOT_TOKEN",
  token_revoked: "the app was uninstalled or its token revoked: reinstall it and update SLACK_BOT_TOKEN",
  missing_scope: "reinstall the app from manifest/slack.yaml to grant the scopes it needs",
};

/** Turns a Web API failure into what the outbox understands: retry later (after Retry-After), or give up. */
export function toDeliveryError(error: unknown, method: string): DeliveryError {
  if (error instanceof DeliveryError) return error;
  const coded = error as { code?: string; retryAfter?: number; data?: { error?: string }; statusCode?: number; message?: string };
  switch (coded.code) {
    case webApi.ErrorCode.RateLimitedError:
      return new DeliveryError(`slack ${method}: rate limited for ${coded.retryAfter ?? "?"} s`, {
        retryAfterMs: Math.max(1, coded.retryAfter ?? 1) * 1000,
      });
    case webApi.ErrorCode.PlatformError: {
      const code = coded.data?.error ?? "unknown_error";
      const hint = HINTS[code] ? ` (${HINTS[code]})` : "";
      if (code === "ratelimited") return new DeliveryError(`slack ${method}: ${code}`, { retryAfterMs: 30_000 });
      return new DeliveryError(`slack ${method}: ${code}${hint}`, { permanent: PERMANENT.has(code) });
    }
    case webApi.ErrorCode.HTTPError:
      // Slack answers 200 to everything it understood; a 4xx other than 429 means a request it will never accept.
      // A 5xx may come after the message was posted.
      return new DeliveryError(`slack ${method}: HTTP ${coded.statusCode}`, {
        permanent: coded.statusCode !== undefined && coded.statusCode >= 400 && coded.statusCode < 500 && coded.statusCode !== 408,
        maybeDelivered: coded.statusCode === undefined || coded.statusCode >= 500 || coded.statusCode === 408,
      });
    default:
      // A timeout or a cut connection: Slack may have posted the message and only the answer was lost.
      return new DeliveryError(`slack ${method}: ${coded.message ?? String(error)}`, { maybeDelivered: true });
  }
}
