import type { EntityManager } from "typeorm";
import { localize } from "../../config/localized-text";
import type { Person } from "../../store/entities/Person";
import type { DeskContext } from "../desk-context";
import type { MessageView } from "../messages/message-view";
import { texts } from "../messages/texts";
import type { ChatPlace } from "../people/platform-user";
import { isManager } from "../permissions";
import type { PlaceRole } from "./place-registry";

/** The words of `register ROLE [TARGET]`, in both languages. */
const ROLES: Record<string, PlaceRole> = {
  triage: "triage", tri: "triage",
  experts: "experts", expert: "experts", expertise: "experts",
  announcements: "announcements", annonces: "announcements",
  management: "management", direction: "management", responsables: "management",
};

/** Whether the words after `register` look like a registration (a sentence starting "register…" is a question). */
export function isRegistration(args: string): boolean {
  const [role, target, ...rest] = args.trim().split(/\s+/);
  return role !== undefined && ROLES[role.toLowerCase()] !== undefined && rest.length === 0 && (target === undefined || /^[a-z0-9][a-z0-9_-]*$/.test(target));
}

/**
 * A manager, in a channel, makes it the desk's channel for a role: `register triage desk` (level-1 team desk),
 * `register experts network`, `register announcements`, `register management`. The channel then replaces the desk
 * configuration's for that role on this platform (see PlaceRegistry). The answer is for the manager only.
 */
export async function runRegisterCommand(ctx: DeskContext, manager: EntityManager, person: Person, place: ChatPlace, args: string): Promise<{ kind: "view"; view: MessageView }> {
  const lang = person.locale;
  const t = texts(lang);
  const notice = (text: string) => ({ kind: "view" as const, view: { kind: "notice" as const, lang, text } });
  if (!isManager(person)) return notice(t.registerOnlyManagers);
  if (place.platform === "console" || place.direct) return notice(t.registerNotHere);
  const [word = "", target = ""] = args.trim().split(/\s+/);
  const role = ROLES[word.toLowerCase()];
  const usage = notice(t.registerUsage(ctx.config.teams.map((x) => x.id).join(", "), ctx.config.expertGroups.map((g) => g.id).join(", ") || "—"));
  const named = role === "triage" || role === "experts";
  if (!role || named !== (target !== "") || !ctx.places.exists(role, target)) return usage;

  const registration = { role, target, platform: place.platform, conversation: place.conversation };
  const previous = ctx.places.current(registration);
  await ctx.places.register(manager, registration, { personId: person.id, at: ctx.now() });
  const label = role === "triage" ? ctx.config.teams.find((x) => x.id === target)?.label
    : role === "experts" ? ctx.config.expertGroups.find((g) => g.id === target)?.label
    : undefined;
  const roleText = t.registerRole[role](label ? localize(label, lang) : target);
  return notice(`${t.registered(roleText, previous === place.conversation ? undefined : previous)} ${t.registeredCheck[place.platform]}`);
}
