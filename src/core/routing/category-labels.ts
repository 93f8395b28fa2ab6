import type { DeskConfig } from "../../config/desk-config-schema";
import { localize } from "../../config/localized-text";
import type { Lang } from "../knowledge/article";
import { texts } from "../messages/texts";

/**
 * The category of a request that matched none of the configured ones (004: « vers la bonne direction »): rather than
 * a wrong guess, it goes to the default team's triage as it is, with no automatic escalation, until level 1
 * categorises it. The id is reserved: no configured category may use it.
 */
export const UNCATEGORISED = "uncategorised";

export function isUncategorised(category: string): boolean {
  return category === UNCATEGORISED;
}

/** A category as people read it: its configured label, "uncategorised" in their words, or its id if unknown. */
export function categoryLabel(config: DeskConfig, id: string, lang: Lang): string {
  if (isUncategorised(id)) return texts(lang).uncategorised;
  const category = config.categories.find((c) => c.id === id);
  return category ? localize(category.label, lang) : id;
}
