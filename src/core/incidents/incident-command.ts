import type { EntityManager } from "typeorm";
import type { Person } from "../../store/entities/Person";
import { DeskError } from "../desk-error";
import type { FormView, MessageView } from "../messages/message-view";
import { texts } from "../messages/texts";
import { isDeskStaff } from "../permissions";
import type { MajorIncidents } from "./major-incidents";

/**
 * The agents' `incident` command, the same on every channel (Slack's /guichet incident, the console's /incident):
 *   incident                          the declaration form
 *   incident declare CATEGORY TITLE   declares and broadcasts at once
 *   incident update N NEWS            broadcasts news of N to everyone concerned
 *   incident close N [MESSAGE]        closes N and tells everyone linked
 *   incident list                     the incidents under way
 * A refusal is a view with its reason: the command's answer is for the asker only.
 */
export async function runIncidentCommand(
  incidents: MajorIncidents,
  manager: EntityManager,
  person: Person,
  args: string,
): Promise<{ kind: "view"; view: MessageView } | { kind: "form"; form: FormView }> {
  const lang = person.locale;
  const t = texts(lang);
  const notice = (text: string) => ({ kind: "view" as const, view: { kind: "notice" as const, lang, text } });
  if (!isDeskStaff(person)) return notice(t.incidentOnlyStaff);
  const [verb = "", ...rest] = args.trim().split(/\s+/);
  try {
    switch (verb.toLowerCase()) {
      case "":
        return { kind: "form", form: incidents.declareForm(lang) };
      case "list":
      case "liste":
        return { kind: "view", view: await incidents.listView(manager, lang) };
      case "declare":
      case "déclarer":
      case "declarer": {
        const [category = "", ...title] = rest;
        if (title.length === 0) return notice(t.incidentUsage);
        const incident = await incidents.declare(manager, person, { category, title: title.join(" ") });
        return notice(t.incidentDeclaredNotice(incident.id));
      }
      case "update":
      case "point":
      case "nouvelles": {
        const [id = "", ...news] = rest;
        if (!/^#?\d+$/.test(id) || news.length === 0) return notice(t.incidentUsage);
        await incidents.update(manager, person, Number(id.replace("#", "")), news.join(" "));
        return notice(t.incidentUpdatedNotice(Number(id.replace("#", ""))));
      }
      case "close":
      case "clore":
      case "fermer": {
        const [id = "", ...message] = rest;
        if (!/^#?\d+$/.test(id)) return notice(t.incidentUsage);
        await incidents.close(manager, person, Number(id.replace("#", "")), message.join(" ") || null);
        return notice(t.incidentClosedNotice(Number(id.replace("#", ""))));
      }
      default:
        return notice(t.incidentUsage);
    }
  } catch (error) {
    // Checks come before any write, so nothing of a refused command is left in the transaction.
    if (error instanceof DeskError) return notice(error.message);
    throw error;
  }
}
