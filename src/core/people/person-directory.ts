import type { EntityManager } from "typeorm";
import type { DeskConfig, PersonConfig } from "../../config/desk-config-schema";
import { Person } from "../../store/entities/Person";
import { PersonIdentity } from "../../store/entities/PersonIdentity";
import type { PlatformUser } from "./platform-user";

/**
 * Turns platform users into desk people. Roles, sites and expert groups come from the desk configuration and are
 * re-read at every contact, so a change of the file takes effect without touching the database; anyone not listed
 * is a requester.
 */
export class PersonDirectory {
  constructor(private readonly config: DeskConfig) {}

  /** The configured entry for this user, by platform id, console login or email. */
  configuredEntry(user: PlatformUser): PersonConfig | undefined {
    const email = user.email?.toLowerCase();
    return this.config.people.find(
      (p) =>
        (user.platform === "slack" && p.slack.includes(user.id)) ||
        (user.platform === "teams" && p.teams.includes(user.id)) ||
        (user.platform === "console" && p.console === user.id) ||
        (email !== undefined && p.email?.toLowerCase() === email),
    );
  }

  async resolve(manager: EntityManager, user: PlatformUser): Promise<Person> {
    const entry = this.configuredEntry(user);
    const identity = await manager.findOne(PersonIdentity, { where: { platform: user.platform, externalId: user.id } });
    let person = identity ? await manager.findOne(Person, { where: { id: identity.personId } }) : null;

    if (!person) {
      person = manager.create(Person, {
        displayName: entry?.name ?? user.name ?? user.id,
        role: "requester",
        expertGroups: [],
        site: null,
        locale: entry?.locale ?? user.locale ?? this.config.desk.defaultLocale,
        email: user.email ?? entry?.email ?? null,
      });
      person = await manager.save(person);
      await manager.save(manager.create(PersonIdentity, { personId: person.id, platform: user.platform, externalId: user.id }));
    }

    const wanted = {
      role: entry?.role ?? "requester",
      expertGroups: entry?.expertGroups ?? [],
      site: entry?.site ?? person.site,
      displayName: entry?.name ?? user.name ?? person.displayName,
    };
    if (
      wanted.role !== person.role ||
      wanted.site !== person.site ||
      wanted.displayName !== person.displayName ||
      wanted.expertGroups.join(",") !== person.expertGroups.join(",")
    ) {
      Object.assign(person, wanted);
      person = await manager.save(person);
    }
    return person;
  }
}
