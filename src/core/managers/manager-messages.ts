import type { EntityManager } from "typeorm";
import type { Lang } from "../knowledge/article";
import type { DeskContext } from "../desk-context";
import type { MessageView } from "../messages/message-view";
import { enqueueOutbound, type OutboundMessage } from "../outbox/outbox";
import { tellPerson } from "../notifications/personal-notices";
import { personOfEntry } from "../people/configured-people";
import { configuredDirectPlaces } from "../people/direct-places";
import { teamManagers } from "../people/team-managers";
import { configuredPlaces, consolePlaces } from "../tickets/ticket-threads";

/** What telling managers needs: who they are, where they are, and whether it is their working time. */
export type ManagerMessagesContext = Pick<DeskContext, "config" | "platforms" | "calendar" | "now" | "directory">;

/**
 * Messages for a team's managers: one in each manager's direct chat with the bot, in their language, and, when
 * `managementPlace` is set, one in the management channel in the desk's language. Each goes at most once under `key`.
 * A `notice` (a missed commitment) is personal news like an agent's reminder: it goes through `tellPerson`, so a
 * manager's quiet hours hold it until their working hours start, delivered then in one summary; a request that waits
 * for the manager's decision (an approval) goes at once. The management channel is never held.
 */
export async function tellTeamManagers(
  manager: EntityManager,
  ctx: ManagerMessagesContext,
  team: string,
  view: (lang: Lang) => MessageView,
  key: string,
  options: { managementPlace: boolean; notice?: { kind: "breach"; ticketId: number } },
): Promise<void> {
  const platforms = ctx.platforms();
  const messages: OutboundMessage[] = [];
  for (const entry of teamManagers(ctx.config, team)) {
    const lang = entry.locale ?? ctx.config.desk.defaultLocale;
    const places = configuredDirectPlaces(entry, platforms);
    if (places.length === 0) continue;
    const person = options.notice ? await personOfEntry(manager, ctx.directory, entry, platforms) : null;
    if (person && options.notice) {
      await tellPerson(manager, ctx, person.id, { ...options.notice, view: view(lang), dedupeKey: key }, places);
      continue;
    }
    for (const place of places) {
      messages.push({ platform: place.platform, conversation: place.conversation, view: view(lang), dedupeKey: `${key}:${place.platform}:${place.conversation}` });
    }
  }
  if (options.managementPlace) {
    const lang = ctx.config.desk.defaultLocale;
    for (const place of configuredPlaces(ctx.config.management, consolePlaces.management, platforms)) {
      messages.push({ platform: place.platform, conversation: place.conversation, view: view(lang), dedupeKey: `${key}:${place.platform}:${place.conversation}` });
    }
  }
  await enqueueOutbound(manager, messages);
}
