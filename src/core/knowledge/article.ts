import type { Lang } from "../messages/languages";

/** Languages guichet answers in (a catalogue's name). The requester's language picks articles first; others are the fallback. */
export type { Lang };

/** One canned answer of the knowledge base, as loaded from a Markdown file with YAML front matter. */
export interface Article {
  /** Stable id: the front matter `id`, or the file name without `.md`. */
  id: string;
  title: string;
  lang: Lang;
  /** A category id of the desk configuration (used for routing when the article does not solve it). */
  category: string;
  tags: string[];
  /** Example phrasings of the question, as requesters write them. */
  questions: string[];
  /** The answer itself, Markdown. */
  body: string;
  /**
   * Twins share a topic: the same answer in French and in English (front matter `topic`, or
   * `translationOf` naming the other article). A person is shown the one in their language, never
   * both. Undefined when the article has no twin.
   */
  topic?: string;
  /** The ticket the article was saved from as a draft ("réponse type"), when it was. */
  fromTicket?: number;
  /** Drafts come from resolved tickets and wait for a manager to publish them; they are never suggested. */
  status: "published" | "draft";
  /** Where it was read from, for error messages and reloads (path relative to the KB root). */
  file: string;
}

/** A problem found while loading one file: the rest of the knowledge base still loads. */
export interface ArticleProblem {
  file: string;
  /** 1-based line in the file, when known. */
  line?: number;
  message: string;
}

/** One ranked suggestion. `score` is in [0, 1], higher is better, and comparable across queries. */
export interface SearchHit {
  article: Article;
  score: number;
}

export interface SearchOptions {
  /** Maximum number of hits (default 3). */
  limit?: number;
  /** The requester's language: its articles rank first, the other language is a fallback. */
  lang?: Lang;
}

/** What the rest of guichet needs from a knowledge search; the implementation lives beside this file. */
export interface KnowledgeSearch {
  /** Best articles first; an empty list when nothing is relevant enough to suggest. */
  search(query: string, options?: SearchOptions): SearchHit[];
  readonly size: number;
}
