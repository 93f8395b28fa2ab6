import type { DeskConfig } from "../../config/desk-config-schema";
import type { Person } from "../../store/entities/Person";
import type { Ticket } from "../../store/entities/Ticket";
import { isDeskStaff } from "../permissions";
import type { Actor } from "../tickets/ticket-lifecycle";

/**
 * Whether an expert may do level 1's work on this ticket: only when the desk allows experts to relieve level 1
 * (`assignment.expertsRelieveLevel1`, 002: « un assistant de niveau 2 … peut le décharger en cas de surcharge »),
 * and only on tickets of a category their own groups answer for.
 */
export function expertRelieves(config: DeskConfig, person: Pick<Person, "role" | "expertGroups">, ticket: Pick<Ticket, "category">): boolean {
  if (!config.assignment.expertsRelieveLevel1 || person.role !== "expert") return false;
  const group = config.categories.find((c) => c.id === ticket.category)?.expertGroup;
  return group !== undefined && person.expertGroups.includes(group);
}

/** Whether the person may claim, answer, escalate, wait, take back and resolve this ticket: level 1's work. */
export function mayWorkAsLevel1(config: DeskConfig, person: Pick<Person, "role" | "expertGroups">, ticket: Pick<Ticket, "category">): boolean {
  return isDeskStaff(person) || expertRelieves(config, person, ticket);
}

/**
 * The role a person acts with on a ticket's lifecycle: desk staff as themselves, an expert relieving level 1 as an
 * agent, the ticket's requester as its requester, anyone else as their role (which the lifecycle then refuses).
 */
export function actingRole(config: DeskConfig, person: Person | null, ticket: Pick<Ticket, "category" | "requesterId">): Actor {
  if (person === null) return "system";
  if (isDeskStaff(person)) return person.role;
  if (expertRelieves(config, person, ticket)) return "agent";
  return person.id === ticket.requesterId ? "requester" : person.role;
}
