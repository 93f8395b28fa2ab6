import type { EntityManager } from "typeorm";
import type { Lang } from "../knowledge/article";
import type { DeskContext } from "../desk-context";
import type { MessageView } from "../messages/message-view";
import { enqueueOutbound, type OutboundMessage } from "../outbox/outbox";
import { configuredDirectPlaces } from "../people/direct-places";
import { teamManagers } from "../people/team-managers";
import { configuredPlaces, consolePlaces } from "../tickets/ticket-threads";

/**
 * Messages for a team's managers: one in each manager's direct chat with the bot, in their language, and, when
 * `managementPlace` is set, one in the management channel in the desk's language. Each goes at most once under `key`.
 */
export async function tellTeamManagers(
  manager: EntityManager,
  ctx: Pick<DeskContext, "config" | "platforms">,
  team: string,
  view: (lang: Lang) => MessageView,
  key: string,
  options: { managementPlace: boolean },
): Promise<void> {
  const platforms = ctx.platforms();
  const messages: OutboundMessage[] = teamManagers(ctx.config, team).flatMap((entry) => {
    const lang = entry.locale ?? ctx.config.desk.defaultLocale;
    return configuredDirectPlaces(entry, platforms).map((place) => ({
      platform: place.platform, conversation: place.conversation, view: view(lang), dedupeKey: `${key}:${place.platform}:${place.conversation}`,
    }));
  });
  if (options.managementPlace) {
    const lang = ctx.config.desk.defaultLocale;
    for (const place of configuredPlaces(ctx.config.management, consolePlaces.management, platforms)) {
      messages.push({ platform: place.platform, conversation: place.conversation, view: view(lang), dedupeKey: `${key}:${place.platform}:${place.conversation}` });
    }
  }
  await enqueueOutbound(manager, messages);
}
