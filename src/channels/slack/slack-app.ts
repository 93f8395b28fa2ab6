import { App, webApi } from "@slack/bolt";
import { ConfigError } from "../../config/env";
import { boltLogger } from "./bolt-logger";
import { SlackHttpReceiver } from "./slack-http-receiver";
import type { SlackIngress } from "./slack-ingress";
import { SlackSocketReceiver } from "./slack-socket-receiver";

/** Where Slack's HTTP mode posts events, interactions and slash commands, on the shared server. */
export const SLACK_EVENTS_PATH = "/slack/events";

/**
 * Web API client settings, set explicitly: the client's defaults retry for about half an hour and wait out a 429
 * inside the call (PLATFORM-NOTES, "Slack"). Here a call is made once and a 429 is reported at once: the outbox owns
 * retrying messages (honouring Retry-After), and a listener must answer its person within seconds. No retry inside
 * the client: `chat.postMessage` is not idempotent, and retrying a post whose answer was lost posts it twice.
 */
export function slackClientOptions(apiUrl?: string): webApi.WebClientOptions {
  return {
    ...(apiUrl ? { slackApiUrl: apiUrl.endsWith("/") ? apiUrl : `${apiUrl}/` } : {}),
    retryConfig: { retries: 0 },
    timeout: 10_000,
    rejectRateLimitedCalls: true,
    logger: boltLogger("slack-web-api"),
  };
}

/**
 * Socket Mode reconnects on its own; opening a connection (`apps.connections.open`) is retried a few times, not the
 * hundred the Socket Mode client uses when nothing is set.
 */
function socketClientOptions(apiUrl?: string): webApi.WebClientOptions {
  return { ...slackClientOptions(apiUrl), retryConfig: { retries: 5, factor: 2, minTimeout: 1000, maxTimeout: 30_000 } };
}

export interface BotIdentity {
  botUserId: string;
  botId: string;
}

/** Asks Slack who the token is, once at start: a wrong token stops guichet with a clear message instead of every call failing. */
export async function whoAmI(client: webApi.WebClient): Promise<BotIdentity> {
  let answer: webApi.AuthTestResponse;
  try {
    answer = await client.auth.test();
  } catch (error) {
    throw new ConfigError(`Slack refused SLACK_BOT_TOKEN (auth.test: ${(error as Error).message}). Check the token, or unset it to use the console.`);
  }
  if (!answer.user_id || !answer.bot_id) throw new ConfigError("SLACK_BOT_TOKEN is not a bot token (auth.test gave no bot id): use the app's xoxb- token.");
  return { botUserId: answer.user_id, botId: answer.bot_id };
}

export interface SlackAppSettings {
  botToken: string;
  identity: BotIdentity;
  apiUrl?: string;
  appToken?: string;
  signingSecret?: string;
}

export type SlackTransport = { mode: "socket"; app: App } | { mode: "http"; app: App; receiver: SlackHttpReceiver };

/**
 * The Bolt app, in Socket Mode when an app-level token is given (no public URL needed), else in HTTP mode with a
 * receiver that the shared HTTP server calls (it is never started on its own port). Either receiver hands what
 * arrives to the ingress, which checks it before Bolt routes it to the listeners.
 */
export function createSlackApp(settings: SlackAppSettings, ingress: SlackIngress): SlackTransport {
  const common = {
    token: settings.botToken,
    // Known from auth.test: Bolt then asks nothing more before each event.
    botId: settings.identity.botId,
    botUserId: settings.identity.botUserId,
    clientOptions: slackClientOptions(settings.apiUrl),
    logger: boltLogger("slack"),
    // Conversation state lives in guichet's database, not in Bolt's memory store.
    convoStore: false as const,
    ignoreSelf: true,
  };
  if (settings.appToken) {
    const receiver = new SlackSocketReceiver(
      {
        appToken: settings.appToken,
        logger: boltLogger("slack-socket-mode"),
        installerOptions: { clientOptions: socketClientOptions(settings.apiUrl) },
      },
      ingress,
    );
    return { mode: "socket", app: new App({ ...common, receiver }) };
  }
  if (!settings.signingSecret) {
    throw new ConfigError("The Slack channel needs SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode).");
  }
  const receiver = new SlackHttpReceiver(settings.signingSecret, ingress);
  return { mode: "http", app: new App({ ...common, receiver }), receiver };
}
