import type { DeskConfig } from "../../config/desk-config-schema";
import type { ConfiguredPlace } from "./check";

/**
 * Every channel id the desk configuration gives for one platform, each once, with what it is for: the triage
 * channel of each level-1 team, the channel of each expert group, the announcements and management channels.
 */
export function configuredPlaces(config: DeskConfig, platform: "slack" | "teams"): ConfiguredPlace[] {
  const places = new Map<string, ConfiguredPlace>();
  const add = (id: string | undefined, role: string) => {
    if (!id) return;
    const place = places.get(id) ?? { id, roles: [] };
    place.roles.push(role);
    places.set(id, place);
  };
  for (const team of config.teams) add(team.triage[platform], `triage of team ${team.id}`);
  for (const group of config.expertGroups) add(group.channel[platform], `expert group ${group.id}`);
  add(config.announcements[platform], "announcements");
  add(config.management[platform], "management");
  return [...places.values()];
}

/** "triage of team desk, announcements": what a place is for, in a line of the doctor. */
export function rolesOf(place: ConfiguredPlace): string {
  return place.roles.join(", ");
}
