import { ConfigurationBotFrameworkAuthentication } from "botbuilder";
import { logger } from "../../logger";
import type { ChannelStartContext, RunningChannel } from "../channel-start";
import { CardActionHandler } from "./CardActionHandler";
import { ConversationReferences } from "./conversation-references";
import { GuichetTeamsBot } from "./GuichetTeamsBot";
import { messagesEndpoint } from "./messages-endpoint";
import { TeamsAdapter } from "./TeamsAdapter";
import { TeamsSender } from "./TeamsSender";
import { teamsSettings } from "./teams-settings";

/**
 * Starts the Microsoft Teams channel: Bot Framework authentication from the environment, the CloudAdapter, the bot
 * on `POST /api/messages` of the shared HTTP server, and the sender that delivers the outbox to Teams.
 * This folder is the only one that imports botbuilder: moving to the Microsoft 365 Agents SDK stays in it.
 */
export async function startTeamsChannel(context: ChannelStartContext): Promise<RunningChannel> {
  const { guichet, env, http } = context;
  const settings = teamsSettings(env);
  const authentication = new ConfigurationBotFrameworkAuthentication(settings.authentication);
  const adapter = new TeamsAdapter(authentication);
  const references = new ConversationReferences(guichet.store);
  const defaultLang = guichet.config.desk.defaultLocale;
  const bot = new GuichetTeamsBot(guichet.desk, references, new CardActionHandler(guichet.desk, defaultLang), defaultLang, (context) => adapter.connectorOf(context));

  http.route("POST", "/api/messages", messagesEndpoint({ adapter, authentication, bot, settings }));
  guichet.outbox.register(new TeamsSender(adapter, references, settings.appId));

  if (settings.localOnly) {
    logger.warn(
      { event: "teams.local_only" },
      "Teams: no MicrosoftAppId, Bot Framework authentication is OFF. Only unauthenticated local traffic is accepted " +
        "(requests from this machine, serviceUrl on 127.0.0.1 or localhost): for the Bot Framework Emulator and tests.",
    );
  } else {
    logger.info({ event: "teams.started", appId: settings.appId, tenant: settings.tenantId }, "Teams: listening on POST /api/messages");
  }
  return { stop: async () => undefined };
}
