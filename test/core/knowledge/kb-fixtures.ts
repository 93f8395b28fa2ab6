import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Article, Lang } from "../../../src/core/knowledge/article";

/** An empty temporary knowledge base folder. */
export function tempKnowledgeBase(): string {
  return mkdtempSync(path.join(tmpdir(), "guichet-kb-test-"));
}

/** Writes `text` to `relative` under `dir`, creating folders. */
export function writeFile(dir: string, relative: string, text: string): void {
  const file = path.join(dir, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/** The text of a valid article file, with front matter lines overridable (null removes a line). */
export function articleText(fields: Record<string, string | null> = {}, body = "The answer."): string {
  const lines: Record<string, string | null> = {
    title: "title: A title",
    lang: "lang: en",
    category: "category: accounts",
    ...fields,
  };
  return ["---", ...Object.values(lines).filter((l): l is string => l !== null), "---", body].join("\n");
}

/** An article in memory, for search tests. */
export function article(id: string, lang: Lang, title: string, extra: Partial<Article> = {}): Article {
  return { id, lang, title, category: "general", tags: [], questions: [], body: "", status: "published", file: `${id}.md`, ...extra };
}

/** A small bilingual knowledge base on distinct topics, written for the search tests. */
export const SMALL_KB: Article[] = [
  article("fr-mot-de-passe", "fr", "Mot de passe oublié ou expiré", {
    tags: ["mot de passe", "réinitialisation"],
    questions: ["j'ai oublié mon mot de passe", "mon mot de passe a expiré"],
    body: "Réinitialisez votre mot de passe sur le portail du compte avec votre adresse de secours.",
  }),
  article("en-password", "en", "Forgotten or expired password", {
    tags: ["password", "reset"],
    questions: ["I forgot my password", "my password expired"],
    body: "Reset your password on the account portal with your recovery address.",
  }),
  article("fr-imprimante", "fr", "Installer une imprimante du campus", {
    tags: ["imprimante", "impression", "pilote"],
    questions: ["comment ajouter une imprimante", "mon ordinateur ne trouve pas l'imprimante"],
    body: "Ajoutez l'imprimante depuis le portail d'impression ; le pilote s'installe tout seul.",
  }),
  article("en-printer", "en", "Adding a campus printer", {
    tags: ["printer", "printing", "driver"],
    questions: ["how do I add a printer", "my laptop cannot find the printer"],
    body: "Add the printer from the printing portal; the driver installs itself.",
  }),
  article("fr-eduroam", "fr", "Configurer eduroam", {
    tags: ["wifi", "eduroam", "réseau sans fil"],
    questions: ["le wifi eduroam ne marche pas", "comment me connecter à eduroam"],
    body: "Installez le profil eduroam avec l'outil de configuration et connectez-vous avec votre identifiant complet.",
  }),
  article("en-vpn", "en", "Installing the university VPN", {
    tags: ["vpn", "remote work"],
    questions: ["how do I install the vpn", "working from home needs the vpn"],
    body: "Download the VPN client, install it and sign in with your university account.",
  }),
];
