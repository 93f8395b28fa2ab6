import type { EntityManager } from "typeorm";
import type { DeskConfig, PersonConfig } from "../../config/desk-config-schema";
import { Person } from "../../store/entities/Person";
import { insertEntity, selectEntities } from "../../store/entity-rows";
import { queryReturning } from "../../store/returning-query";
import { ConcurrentChangeError } from "../../store/transaction-retry";
import type { PlatformUser } from "./platform-user";
import { profileFor } from "./profiles";

/**
 * Turns platform users into desk people. Roles, sites, profiles and expert groups come from the desk configuration and are
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
    let person = (await this.known(manager, user)) ?? (await this.firstContact(manager, user, entry));
    const wanted = this.wanted(person, user, entry);
    if (
      wanted.role !== person.role ||
      wanted.site !== person.site ||
      wanted.profile !== person.profile ||
      wanted.displayName !== person.displayName ||
      wanted.expertGroups.join(",") !== person.expertGroups.join(",")
    ) {
      Object.assign(person, wanted);
      person = await manager.save(person);
    }
    return person;
  }

  /** What the configuration (and the platform's profile) says the person is now. */
  private wanted(person: Pick<Person, "site" | "displayName">, user: PlatformUser, entry: PersonConfig | undefined) {
    const site = entry?.site ?? person.site;
    return {
      role: entry?.role ?? "requester",
      expertGroups: entry?.expertGroups ?? [],
      site,
      profile: profileFor(this.config, entry?.profile, site),
      displayName: entry?.name ?? user.name ?? person.displayName,
    };
  }

  private async known(manager: EntityManager, user: PlatformUser): Promise<Person | null> {
    const [person] = await selectEntities(
      manager,
      Person,
      'SELECT "p".* FROM "person_identity" "i" JOIN "person" "p" ON "p"."id" = "i"."personId" WHERE "i"."platform" = :platform AND "i"."externalId" = :externalId',
      { platform: user.platform, externalId: user.id },
    );
    return person ?? null;
  }

  /**
   * Creates the person and their identity. Two first messages of a new person handled at once both come here: the
   * identity's unique index lets one insert win (on PostgreSQL the other waits for it to commit, then inserts
   * nothing), and the loser drops the person it had just created and carries on with the winner's.
   */
  private async firstContact(manager: EntityManager, user: PlatformUser, entry: PersonConfig | undefined): Promise<Person> {
    // Created as the configuration wants them, so that `resolve` has nothing to change.
    const created = await insertEntity(manager, Person, {
      ...this.wanted({ site: null, displayName: user.id }, user, entry),
      locale: entry?.locale ?? user.locale ?? this.config.desk.defaultLocale,
      email: user.email ?? entry?.email ?? null,
    });
    const inserted = await queryReturning(
      manager,
      'INSERT INTO "person_identity" ("personId", "platform", "externalId") VALUES (:personId, :platform, :externalId) ON CONFLICT DO NOTHING RETURNING "id"',
      { personId: created.id, platform: user.platform, externalId: user.id },
    );
    if (inserted.length === 1) return created;
    await manager.delete(Person, { id: created.id });
    const winner = await this.known(manager, user);
    // The winner rolled back after all: the whole transaction is run again, and this time it creates the person.
    if (!winner) throw new ConcurrentChangeError("person_identity");
    return winner;
  }
}
