import type { EntityManager } from "typeorm";
import type { DeskConfig, PersonConfig } from "../../config/desk-config-schema";
import { Person, type Role } from "../../store/entities/Person";
import { PersonIdentity, type Platform } from "../../store/entities/PersonIdentity";
import type { PersonDirectory } from "./person-directory";
import type { PlatformUser } from "./platform-user";

/**
 * People of the desk configuration named in forms (a person picker) by a key that stays the same while the file is
 * edited around them: their first identity, prefixed by its kind (`console:lea`, `slack:U0…`, `teams:…`, `email:…`).
 */
export function personKey(entry: PersonConfig): string {
  if (entry.console) return `console:${entry.console}`;
  if (entry.slack[0]) return `slack:${entry.slack[0]}`;
  if (entry.teams[0]) return `teams:${entry.teams[0]}`;
  return `email:${entry.email ?? entry.name}`;
}

/** Configured people with one of these roles, in the file's order. */
export function configuredWithRole(config: DeskConfig, roles: readonly Role[]): PersonConfig[] {
  return config.people.filter((p) => roles.includes(p.role));
}

export function configuredByKey(config: DeskConfig, key: string): PersonConfig | undefined {
  return config.people.find((p) => personKey(p) === key);
}

/**
 * The desk's record of a configured person, created if they never wrote to the desk (a ticket can be given to an
 * agent who has not used guichet yet): the identity already known, else the first on a running platform. Null for
 * a person listed only by email who never came: no platform id to reach them by.
 */
export async function personOfEntry(
  manager: EntityManager,
  directory: PersonDirectory,
  entry: PersonConfig,
  platforms: Platform[],
): Promise<Person | null> {
  const users: PlatformUser[] = [
    ...entry.slack.map((id) => ({ platform: "slack" as const, id })),
    ...entry.teams.map((id) => ({ platform: "teams" as const, id })),
    ...(entry.console ? [{ platform: "console" as const, id: entry.console }] : []),
  ].map((user) => ({ ...user, name: entry.name, ...(entry.email ? { email: entry.email } : {}) }));
  for (const user of users) {
    if (await manager.exists(PersonIdentity, { where: { platform: user.platform, externalId: user.id } })) return directory.resolve(manager, user);
  }
  const first = users.find((u) => platforms.includes(u.platform)) ?? users[0];
  if (first) return directory.resolve(manager, first);
  return entry.email ? manager.findOne(Person, { where: { email: entry.email } }) : null;
}
