import type { Person } from "../store/entities/Person";

/**
 * Who may do what. Every button, form and command goes through these checks on the server: a button shown to
 * someone proves nothing, since anyone in a channel can press it.
 */
export function isDeskStaff(person: Pick<Person, "role">): boolean {
  return person.role === "agent" || person.role === "manager";
}

export function isManager(person: Pick<Person, "role">): boolean {
  return person.role === "manager";
}

/** Experts answer in their group's threads; desk staff may too (they read and relay every thread). */
export function canAnswerForGroup(person: Pick<Person, "role" | "expertGroups">, group: string): boolean {
  return isDeskStaff(person) || (person.role === "expert" && person.expertGroups.includes(group));
}
