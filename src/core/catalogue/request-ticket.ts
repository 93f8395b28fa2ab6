import type { DeskConfig, RequestTypeConfig } from "../../config/desk-config-schema";
import { localize } from "../../config/localized-text";
import type { Person } from "../../store/entities/Person";
import type { Lang } from "../knowledge/article";
import type { ChatPlace } from "../people/platform-user";
import { routeTicket } from "../routing/ticket-routing";
import type { NewTicket } from "../tickets/ticket-service";

/**
 * The ticket of a catalogue request: its answers (labelled in the requester's language) as the description, with
 * `more` lines after them (a failed action's error), routed by its category and the requester's site.
 */
export function requestTicket(
  config: DeskConfig,
  requester: Person,
  type: RequestTypeConfig,
  answers: Record<string, string>,
  place: ChatPlace,
  lang: Lang,
  more: string[] = [],
): NewTicket {
  const summary = type.fields.filter((f) => answers[f.id]).map((f) => `${localize(f.label, lang)}: ${answers[f.id]}`);
  const category = config.categories.find((c) => c.id === type.category);
  const routing = routeTicket(config, { text: summary.join("\n"), suggestedCategories: [type.category], site: requester.site });
  return {
    requester,
    place,
    lang,
    title: localize(type.label, lang),
    description: [...summary, ...more].join("\n"),
    ...routing,
    category: type.category,
    priority: category?.defaultPriority ?? routing.priority,
    kind: "request",
    requestType: type.id,
    fields: answers,
    needsApproval: type.approval !== undefined,
  };
}
