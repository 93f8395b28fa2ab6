import type { DeskConfig } from "../../config/desk-config-schema";
import { localize } from "../../config/localized-text";
import type { Lang } from "../knowledge/article";
import { containsPhrase, foldText } from "../text-folding";

/**
 * Where to send a request the desk does not handle (`outOfScope` in the desk configuration: the themes the site's
 * former helpdesk keeps, 004), in the requester's language; null when the request is the desk's.
 */
export function outOfScopeAnswer(config: DeskConfig, text: string, lang: Lang): string | null {
  const folded = foldText(text);
  const rule = config.outOfScope.find((r) => r.keywords.some((k) => containsPhrase(folded, k)));
  return rule ? localize(rule.answer, lang) : null;
}
