import { webApi } from "@slack/bolt";
import { ConfigError } from "../../config/env";
import { logger } from "../../logger";
import type { ChannelStartContext, RunningChannel } from "../channel-start";
import { registerActions } from "./actions";
import { registerCommands } from "./commands";
import { registerHome } from "./home";
import type { SlackListenerDeps } from "./listener-deps";
import { registerMessages } from "./messages";
import { registerShortcuts } from "./shortcuts";
import { createSlackApp, SLACK_EVENTS_PATH, slackClientOptions, whoAmI } from "./slack-app";
import { SlackIngress } from "./slack-ingress";
import { SlackProfiles } from "./slack-profiles";
import { SlackSender } from "./slack-sender";
import { registerViews } from "./views";

/** A running Slack channel. */
export interface SlackChannel extends RunningChannel {
  readonly mode: "socket" | "http";
  readonly botUserId: string;
  /** Resolves when every request received so far has been handled (the work done after acknowledging Slack). */
  idle(): Promise<void>;
}

/**
 * Starts the Slack channel: Socket Mode with SLACK_APP_TOKEN, else HTTP mode on the shared server at
 * `POST /slack/events` with SLACK_SIGNING_SECRET. Registers the outbox sender, so the desk's messages reach Slack.
 */
export async function startSlackChannel(context: ChannelStartContext): Promise<SlackChannel> {
  const { env, guichet, http } = context;
  if (!env.SLACK_BOT_TOKEN) throw new ConfigError("The Slack channel needs SLACK_BOT_TOKEN (the app's xoxb- token).");
  const client = new webApi.WebClient(env.SLACK_BOT_TOKEN, slackClientOptions(env.SLACK_API_URL));
  const identity = await whoAmI(client);
  const ingress = new SlackIngress(guichet.inbox);
  const transport = createSlackApp(
    {
      botToken: env.SLACK_BOT_TOKEN,
      identity,
      apiUrl: env.SLACK_API_URL,
      appToken: env.SLACK_APP_TOKEN,
      signingSecret: env.SLACK_SIGNING_SECRET,
    },
    ingress,
  );
  const { app } = transport;
  const deps: SlackListenerDeps = {
    desk: guichet.desk,
    config: guichet.config,
    profiles: new SlackProfiles(client),
    botUserId: identity.botUserId,
  };
  registerMessages(app, deps);
  registerActions(app, deps);
  registerViews(app, deps);
  registerCommands(app, deps);
  registerShortcuts(app, deps);
  registerHome(app, deps);
  // A listener's failure goes back to the inbox, which logs it and handles the delivery again later.
  app.error(async (error) => {
    throw error;
  });
  guichet.outbox.register(new SlackSender(client, guichet.files));

  if (transport.mode === "socket") {
    await app.start();
  } else {
    http.route("POST", SLACK_EVENTS_PATH, transport.receiver.handle);
  }
  logger.info({ event: "slack.started", mode: transport.mode, botUserId: identity.botUserId }, `Slack channel started (${transport.mode} mode)`);

  return {
    mode: transport.mode,
    botUserId: identity.botUserId,
    idle: () => ingress.idle(),
    async stop() {
      if (transport.mode === "socket") await app.stop();
      await ingress.idle();
    },
  };
}
