import type { ServerResponse } from "node:http";
import type { ActivityHandler, ConfigurationBotFrameworkAuthentication } from "botbuilder";
import { logger } from "../../logger";
import { readCappedBody } from "../http-body";
import type { RouteHandler } from "../http-server";
import { readActivity } from "./activity-schema";
import { isDeliverableServiceUrl, tenantOf } from "./conversation-references";
import type { AuthenticatedRequest, TeamsAdapter } from "./TeamsAdapter";
import type { TeamsSettings } from "./teams-settings";

/** A Teams activity is a few kilobytes; anything over this is refused before it is parsed. */
export const MAX_ACTIVITY_BYTES = 1024 * 1024;

export interface MessagesEndpointParts {
  adapter: TeamsAdapter;
  authentication: ConfigurationBotFrameworkAuthentication;
  bot: ActivityHandler;
  settings: TeamsSettings;
}

/**
 * `POST /api/messages`, the Bot Framework's door. In order: local-only check (no app id), a capped body, JSON, the
 * activity's shape (`readActivity`), the Bot Framework token, the tenant, then the bot's turn. An invoke's answer
 * (the card after a press) is the HTTP response; an error in the turn answers 500, so that Teams sends the activity
 * again and nothing is lost (the desk de-duplicates the second copy if the first did commit).
 */
export function messagesEndpoint(parts: MessagesEndpointParts): RouteHandler {
  const { adapter, authentication, bot, settings } = parts;
  return async (req, res) => {
    if (settings.localOnly && !isLoopback(req.socket.remoteAddress)) {
      return answer(res, 403, { error: "authentication is off (no MicrosoftAppId): only local requests are accepted" });
    }
    const body = await readCappedBody(req, MAX_ACTIVITY_BYTES);
    if (body === "too_large") return answer(res, 413, { error: `activity larger than ${MAX_ACTIVITY_BYTES} bytes` });

    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString("utf8"));
    } catch {
      return answer(res, 400, { error: "body is not JSON" });
    }
    const read = readActivity(parsed);
    if ("problem" in read) {
      logger.warn({ event: "teams.invalid_activity", problem: read.problem });
      return answer(res, 400, { error: `not a Bot Framework activity guichet can handle: ${read.problem}` });
    }
    const { activity } = read;
    if (settings.localOnly && !isLocalServiceUrl(activity.serviceUrl)) {
      logger.warn({ event: "teams.refused", reason: "service_url", serviceUrl: activity.serviceUrl });
      return answer(res, 403, { error: "authentication is off (no MicrosoftAppId): only a serviceUrl on this machine is accepted" });
    }

    let authenticated: AuthenticatedRequest;
    try {
      const header = req.headers.authorization ?? "";
      authenticated = await authentication.authenticateRequest(activity, header);
    } catch (error) {
      logger.warn({ event: "teams.refused", reason: "authentication", error: (error as Error).message });
      return answer(res, 401, { error: "unauthorized" });
    }
    // Bot Framework tokens say that Teams sent this, not that the user belongs to the organisation the desk serves.
    if (settings.tenantId && tenantOf(activity) !== settings.tenantId) {
      logger.warn({ event: "teams.refused", reason: "tenant", tenant: tenantOf(activity) });
      return answer(res, 403, { error: "tenant not served" });
    }

    try {
      const invokeResponse = await adapter.runAuthenticatedTurn(authenticated, activity, (context) => bot.run(context));
      return answer(res, invokeResponse?.status ?? 200, invokeResponse?.body);
    } catch (error) {
      logger.error({ event: "teams.turn_failed", type: activity.type, name: activity.name, err: error });
      return answer(res, 500, { error: "internal error" });
    }
  };
}

function answer(res: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    res.writeHead(status).end();
    return;
  }
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" }).end(JSON.stringify(body));
}

function isLoopback(address: string | undefined): boolean {
  return address === "127.0.0.1" || address === "::1" || address === "::ffff:127.0.0.1";
}

/**
 * With authentication off, the bot must never be made to call a machine elsewhere with what it knows. Only addresses
 * it can deliver to are accepted: `[::1]` is this machine too, but the connector cannot resolve it.
 */
export function isLocalServiceUrl(serviceUrl: string): boolean {
  return isDeliverableServiceUrl(serviceUrl) && ["127.0.0.1", "localhost"].includes(new URL(serviceUrl).hostname);
}
