import { In, type EntityManager } from "typeorm";
import type { PersonConfig } from "../../config/desk-config-schema";
import { PersonIdentity, type Platform } from "../../store/entities/PersonIdentity";
import type { ChatPlace } from "./platform-user";

/**
 * A person's direct chat with the bot, named by their id on the platform: each channel knows how to reach it (Slack
 * posts to a user id in the bot's DM with them; Teams finds the personal chat of that Azure AD user; the console
 * has `dm:LOGIN`). The desk writes there what is for one person only: a ticket given to them or taken from them, an
 * approval to give, a missed commitment of their team.
 */
export function directPlace(platform: Platform, externalId: string): ChatPlace {
  return { platform, conversation: platform === "console" ? `dm:${externalId}` : externalId };
}

/** The direct chats of a person listed in the desk configuration, on the platforms that are running. */
export function configuredDirectPlaces(entry: PersonConfig, platforms: Platform[]): ChatPlace[] {
  const ids: Array<[Platform, string]> = [
    ...entry.slack.map((id): [Platform, string] => ["slack", id]),
    ...entry.teams.map((id): [Platform, string] => ["teams", id]),
    ...(entry.console ? [["console", entry.console] as [Platform, string]] : []),
  ];
  return ids.filter(([platform]) => platforms.includes(platform)).map(([platform, id]) => directPlace(platform, id));
}

/** The direct chats of people known to the desk (by their stored identities), on the platforms that are running. */
export async function directPlacesOf(manager: EntityManager, personIds: number[], platforms: Platform[]): Promise<ChatPlace[]> {
  if (personIds.length === 0) return [];
  const identities = await manager.find(PersonIdentity, { where: { personId: In(personIds) }, order: { id: "ASC" } });
  return identities.filter((i) => platforms.includes(i.platform)).map((i) => directPlace(i.platform, i.externalId));
}

/** The same places once each, in order. */
export function distinctPlaces(places: ChatPlace[]): ChatPlace[] {
  const seen = new Set<string>();
  return places.filter((p) => {
    const key = `${p.platform}\u0000${p.conversation}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
