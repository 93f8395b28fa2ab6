import type { EntityManager } from "typeorm";
import type { ApprovalStepConfig, DeskConfig, PersonConfig } from "../../config/desk-config-schema";
import type { Person } from "../../store/entities/Person";
import { PersonIdentity } from "../../store/entities/PersonIdentity";
import type { PersonDirectory } from "../people/person-directory";
import { teamManagers } from "../people/team-managers";

/**
 * Who decides an approval step, from the directory of people: the experts of the named group, the requester's own
 * manager (`people[].manager`), or the managers of the request's team. A step whose approvers are missing (a group
 * with nobody in it, a requester with no manager listed) goes to the team's managers, so that no request waits for
 * nobody.
 */
export function approverEntries(config: DeskConfig, approval: ApprovalStepConfig, requester: PersonConfig | undefined, team: string): PersonConfig[] {
  const managers = teamManagers(config, team);
  if (approval.group) {
    const members = config.people.filter((p) => p.expertGroups.includes(approval.group as string));
    return members.length > 0 ? members : managers;
  }
  if (approval.requesterManager) {
    const boss = requester?.manager ? config.people.find((p) => p.name === requester.manager) : undefined;
    return boss ? [boss] : managers;
  }
  return managers;
}

/** The desk configuration's entry of a person the desk knows, found through their platform identities or email. */
export async function configuredEntryOf(manager: EntityManager, directory: PersonDirectory, person: Person): Promise<PersonConfig | undefined> {
  const identities = await manager.find(PersonIdentity, { where: { personId: person.id }, order: { id: "ASC" } });
  const email = person.email ? { email: person.email } : {};
  for (const identity of identities) {
    const entry = directory.configuredEntry({ platform: identity.platform, id: identity.externalId, ...email });
    if (entry) return entry;
  }
  return undefined;
}
