import type { KnowledgeSearch, Lang } from "../../src/core/knowledge/article";

/** One labelled question: the article a good search puts first, or null when nothing should be suggested. */
export interface EvalCase {
  q: string;
  lang?: Lang;
  expected: string | null;
  kind: string;
}

/** Metrics for one group of questions. */
export interface RetrievalMetrics {
  /** Questions that have an expected article. */
  answerable: number;
  hitAt1: number;
  hitAt3: number;
  /** Mean reciprocal rank of the expected article in the top 10 (0 when absent). */
  mrr: number;
  /** Questions that should match nothing. */
  noMatch: number;
  /** Share of those for which something was suggested anyway. */
  falseSuggestionRate: number;
  /** Mean time per search, in milliseconds. */
  meanMs: number;
}

/** How deep the ranking is read for MRR; the bot itself shows at most 3. */
const MRR_DEPTH = 10;
/** What the bot would show. */
const SUGGESTIONS = 3;

/** Runs every case through `search` and groups the metrics by `kind`, plus an `all` row. */
export function measure(search: KnowledgeSearch, cases: readonly EvalCase[]): Map<string, RetrievalMetrics> {
  const groups = new Map<string, Accumulator>();
  const all = new Accumulator();
  for (const c of cases) {
    const started = performance.now();
    const hits = search.search(c.q, { lang: c.lang, limit: MRR_DEPTH });
    const ms = performance.now() - started;
    const group = groups.get(c.kind) ?? new Accumulator();
    groups.set(c.kind, group);
    const rank = c.expected === null ? -1 : hits.findIndex((h) => h.article.id === c.expected);
    for (const acc of [group, all]) acc.add(c.expected !== null, rank, hits.slice(0, SUGGESTIONS).length > 0, ms);
  }
  const result = new Map([...groups].sort(([a], [b]) => a.localeCompare(b)).map(([kind, acc]) => [kind, acc.metrics()]));
  result.set("all", all.metrics());
  return result;
}

class Accumulator {
  private answerable = 0;
  private hit1 = 0;
  private hit3 = 0;
  private reciprocal = 0;
  private noMatch = 0;
  private falseSuggestions = 0;
  private count = 0;
  private totalMs = 0;

  add(answerable: boolean, rank: number, suggested: boolean, ms: number): void {
    this.count++;
    this.totalMs += ms;
    if (answerable) {
      this.answerable++;
      if (rank === 0) this.hit1++;
      if (rank >= 0 && rank < SUGGESTIONS) this.hit3++;
      if (rank >= 0) this.reciprocal += 1 / (rank + 1);
    } else {
      this.noMatch++;
      if (suggested) this.falseSuggestions++;
    }
  }

  metrics(): RetrievalMetrics {
    const ratio = (n: number, d: number): number => (d === 0 ? Number.NaN : n / d);
    return {
      answerable: this.answerable,
      hitAt1: ratio(this.hit1, this.answerable),
      hitAt3: ratio(this.hit3, this.answerable),
      mrr: ratio(this.reciprocal, this.answerable),
      noMatch: this.noMatch,
      falseSuggestionRate: ratio(this.falseSuggestions, this.noMatch),
      meanMs: ratio(this.totalMs, this.count),
    };
  }
}
