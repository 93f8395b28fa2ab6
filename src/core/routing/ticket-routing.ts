import type { DeskConfig, Priority } from "../../config/desk-config-schema";
import type { TicketKind } from "../../store/entities/Ticket";
import { containsPhrase, foldText } from "../text-folding";
import { UNCATEGORISED } from "./category-labels";

/**
 * Routing of a new ticket: the requester never picks a department. The category comes from the knowledge articles
 * the requester was shown (the best signal: they matched the question), then from the categories' keywords, and is
 * left uncategorised when neither points anywhere; the team from the routing rules on category and site (an
 * uncategorised request matches only rules without categories, and otherwise goes to the default team).
 */
export interface RoutingInput {
  text: string;
  /** Categories of the articles suggested for this question, best first. */
  suggestedCategories: string[];
  /** The requester's site from the directory, if known. */
  site: string | null;
}

export interface Routing {
  category: string;
  team: string;
  site: string | null;
  priority: Priority;
  kind: TicketKind;
}

export function routeTicket(config: DeskConfig, input: RoutingInput): Routing {
  const folded = foldText(input.text);
  const category = inferCategory(config, folded, input.suggestedCategories);
  const site = input.site ?? detectSite(config, folded);
  return {
    category,
    site,
    team: teamFor(config, category, site),
    priority: inferPriority(config, folded, category),
    kind: inferKind(folded),
  };
}

/** The category the request's words and suggested articles point at, or `UNCATEGORISED` when none does. */
export function inferCategory(config: DeskConfig, foldedText: string, suggestedCategories: string[]): string {
  const known = new Set(config.categories.map((c) => c.id));
  const keywordScores = config.categories
    .map((c) => ({ id: c.id, hits: c.keywords.filter((k) => containsPhrase(foldedText, k)).length }))
    .filter((s) => s.hits > 0)
    .sort((a, b) => b.hits - a.hits);
  const fromArticles = suggestedCategories.find((c) => known.has(c));
  // Two or more keywords of one category outweigh a single suggested article's category.
  if (keywordScores.length > 0 && (fromArticles === undefined || keywordScores[0].hits >= 2)) return keywordScores[0].id;
  return fromArticles ?? UNCATEGORISED;
}

export function detectSite(config: DeskConfig, foldedText: string): string | null {
  const site = config.sites.find((s) => [s.id, ...s.aliases].some((alias) => containsPhrase(foldedText, alias)));
  return site?.id ?? null;
}

/** The first routing rule whose categories and sites match wins; then the default team; then the first team. */
export function teamFor(config: DeskConfig, category: string, site: string | null): string {
  const rule = config.routing.find(
    (r) =>
      (r.categories === undefined || r.categories.includes(category)) &&
      (r.sites === undefined || (site !== null && r.sites.includes(site))),
  );
  return rule?.team ?? config.defaultTeam ?? config.teams[0].id;
}

export function inferPriority(config: DeskConfig, foldedText: string, category: string): Priority {
  if (config.priorityKeywords.critical.some((k) => containsPhrase(foldedText, k))) return "critical";
  if (config.priorityKeywords.high.some((k) => containsPhrase(foldedText, k))) return "high";
  return config.categories.find((c) => c.id === category)?.defaultPriority ?? "normal";
}

const REQUEST_WORDS = [
  "j'ai besoin", "jai besoin", "il me faut", "je voudrais", "je souhaite", "demande de", "demander", "commander",
  "creer", "creation", "obtenir", "acces a", "i need", "i would like", "i'd like", "request", "could you create",
  "please create", "new account", "order",
];
const INCIDENT_WORDS = [
  "panne", "marche pas", "fonctionne pas", "fonctionne plus", "erreur", "plante", "bloque", "impossible", "n'arrive",
  "narrive", "broken", "not working", "doesn't work", "error", "fails", "crash", "cannot", "can't", "down",
];

/** A service request asks for something new; an incident reports something broken. When unsure, an incident. */
export function inferKind(foldedText: string): TicketKind {
  const incident = INCIDENT_WORDS.some((w) => foldedText.includes(w));
  const request = REQUEST_WORDS.some((w) => foldedText.includes(w));
  return request && !incident ? "request" : "incident";
}
