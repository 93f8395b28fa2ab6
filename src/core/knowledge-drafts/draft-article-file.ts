import { stringify } from "yaml";
import type { Lang } from "../knowledge/article";
import { parseFrontMatter } from "../knowledge/front-matter";
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

/** What the manager who publishes a draft makes of it: its title, the questions it answers, and the answer. */
export interface DraftEdit {
  title: string;
  questions: string[];
  body: string;
}

/**
 * The article file. The front matter is written by a YAML library, not by hand: titles such as
 * "Départ : que devient mon compte" contain ": ", which breaks hand-written YAML.
 */
export function renderDraftFile(id: string, draft: DraftArticle): string {
  return renderArticleFile(
    `Draft from ticket #${draft.ticketId}, saved by ${oneLine(draft.author)}. A manager reviews and publishes it.`,
    { id, title: draft.title, lang: draft.lang, category: draft.category, status: "draft", tags: [], questions: [draft.question], fromTicket: draft.ticketId },
    draft.answer,
  );
}

/**
 * The published article made from a draft file's text and the manager's edit: the draft's other
 * fields (id, language, category, tags, the ticket it came from) are kept. Undefined when the
 * draft file cannot be read as front matter.
 */
export function renderPublishedFile(draftText: string, edit: DraftEdit, publisher: string): string | undefined {
  const parsed = parseFrontMatter(draftText);
  if (!parsed.ok) return undefined;
  const { data } = parsed.file;
  const origin = typeof data.fromTicket === "number" ? `From ticket #${data.fromTicket}; reviewed` : "Reviewed";
  return renderArticleFile(
    `${origin} and published by ${oneLine(publisher)}.`,
    { ...data, title: edit.title, status: "published", questions: edit.questions },
    edit.body,
  );
}

function renderArticleFile(comment: string, frontMatter: Record<string, unknown>, body: string): string {
  return `---\n# ${comment}\n${stringify(frontMatter).trimEnd()}\n---\n${body.trim()}\n`;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ");
}
