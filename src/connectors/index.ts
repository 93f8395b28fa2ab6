import type { DeskConfig } from "../config/desk-config-schema";
import type { ExternalSecrets } from "../config/env";
import type { DeskConnector, EventPoster } from "../core/external-desks/desk-connector";
import { DeliveryError } from "../core/outbox/channel-sender";
import { GlpiConnector } from "./glpi/glpi-connector";
import { postSignedEvent } from "./webhook/signed-post";
import { WebhookConnector } from "./webhook/webhook-connector";
import { ZammadConnector } from "./zammad/zammad-connector";

/** A webhook subscriber's call may take this long before it counts as failed (and is tried again later). */
const WEBHOOK_TIMEOUT_MS = 10_000;

/** One connector per desk of the configuration, with its URL and secrets from the environment. */
export function buildDeskConnectors(config: DeskConfig, secrets: ExternalSecrets, now: () => Date): Map<string, DeskConnector> {
  const connectors = new Map<string, DeskConnector>();
  for (const desk of config.externalDesks) {
    const settings = secrets.desks.get(desk.id);
    if (!settings) continue;
    const timeoutMs = desk.timeoutSeconds * 1000;
    switch (settings.connector) {
      case "glpi":
        connectors.set(desk.id, new GlpiConnector({ url: settings.url, userToken: settings.userToken, appToken: settings.appToken, timeoutMs }, desk));
        break;
      case "zammad":
        connectors.set(desk.id, new ZammadConnector({ url: settings.url, token: settings.token, timeoutMs }, desk));
        break;
      case "webhook":
        connectors.set(desk.id, new WebhookConnector(desk.id, { name: `webhook desk ${desk.id}`, url: settings.url, secret: settings.secret, timeoutMs }, now));
        break;
    }
  }
  return connectors;
}

/** Posts the events of the webhook subscribers (`webhooks`), signed with each one's secret. */
export function buildEventPoster(secrets: ExternalSecrets, now: () => Date): EventPoster {
  return async (webhookId, event) => {
    const target = secrets.webhooks.get(webhookId);
    if (!target) throw new DeliveryError(`no webhook "${webhookId}" in the desk configuration`, { permanent: true });
    await postSignedEvent({ name: `webhook ${webhookId}`, url: target.url, secret: target.secret, timeoutMs: WEBHOOK_TIMEOUT_MS }, event, now());
  };
}
