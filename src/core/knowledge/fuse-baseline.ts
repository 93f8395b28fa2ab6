import Fuse from "fuse.js";
import type { Article, KnowledgeSearch, SearchHit, SearchOptions } from "./article";

/**
 * fuse.js as most chat bots use it, kept only as the baseline of the evaluation and the benchmark:
 * keys title, tags, questions and body, `ignoreLocation`, threshold 0.4, whatever fuse.js returns
 * is suggested. Not used to answer requesters (about half of chat questions find the right article
 * in its top 3, and it scans every article on every query).
 */
export class FuseBaseline implements KnowledgeSearch {
  private constructor(private readonly fuse: Fuse<Article>, readonly size: number) {}

  static build(articles: readonly Article[]): FuseBaseline {
    const published = articles.filter((a) => a.status === "published");
    const fuse = new Fuse(published, {
      keys: ["title", "tags", "questions", "body"],
      ignoreLocation: true,
      threshold: 0.4,
      includeScore: true,
    });
    return new FuseBaseline(fuse, published.length);
  }

  /** fuse.js's order; score is 1 − fuse.js's score (0 is its perfect match). The language is ignored, as in most bots. */
  search(query: string, options: SearchOptions = {}): SearchHit[] {
    const limit = options.limit ?? 3;
    return this.fuse.search(query, { limit }).map((r) => ({ article: r.item, score: 1 - (r.score ?? 1) }));
  }
}
