import { stringify } from "yaml";
import type { Lang } from "../knowledge/article";
import { foldText } from "../text-folding";

/** What an agent saves from a resolved ticket: the question as the requester asked it and the answer given. */
export interface DraftArticle {
  title: string;
  lang: Lang;
  category: string;
  question: string;
  answer: string;
  /** The ticket it came from, kept in the file for the manager who reviews it. */
  ticketId: number;
  author: string;
}

/** A file name for an article id: language prefix and the title's words, as the bundled articles are named. */
export function draftId(title: string, lang: Lang): string {
  const words = foldText(title)
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .split("-")
    .filter(Boolean)
    .slice(0, 8);
  return `${lang}-${words.join("-") || "article"}`;
}

/**
 * The article file. The front matter is written by a YAML library, not by hand: titles such as
 * "Départ : que devient mon compte" contain ": ", which breaks hand-written YAML.
 */
export function renderDraftFile(id: string, draft: DraftArticle): string {
  const frontMatter = stringify({
    id,
    title: draft.title,
    lang: draft.lang,
    category: draft.category,
    status: "draft",
    tags: [],
    questions: [draft.question],
  }).trimEnd();
  return `---\n# Draft from ticket #${draft.ticketId}, saved by ${draft.author.replace(/\n/g, " ")}. A manager publishes it.\n${frontMatter}\n---\n${draft.answer.trim()}\n`;
}
