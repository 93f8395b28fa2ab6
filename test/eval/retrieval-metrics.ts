import type { KnowledgeSearch, Lang } from "../../src/core/knowledge/article";

/** One labelled question: the article a good search puts first, or null when nothing should be suggested. */
export interface EvalCase {
  q: string;
  lang?: Lang;
  expected: string | null;
  kind: string;
}

/** What the search answered for one question, read to depth `MRR_DEPTH`. */
export interface CaseResult {
  case: EvalCase;
  hits: { id: string; score: number }[];
  ms: number;
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

/**
 * Runs every case through the search `searchFor` gives for it (most cases share one; some kinds
 * search a knowledge base of their own) and keeps the ranked answers.
 */
export function runCases(searchFor: (c: EvalCase) => KnowledgeSearch, cases: readonly EvalCase[]): CaseResult[] {
  return cases.map((c) => {
    const search = searchFor(c);
    const started = performance.now();
    const hits = search.search(c.q, { lang: c.lang, limit: MRR_DEPTH });
    const ms = performance.now() - started;
    return { case: c, hits: hits.map((h) => ({ id: h.article.id, score: h.score })), ms };
  });
}

/**
 * Groups the metrics by `kind`, plus an `all` row. With `minScore`, only hits scoring at least that
 * much count as shown: the answers of a search run without a cut-off give the whole trade-off curve.
 */
export function summarize(results: readonly CaseResult[], minScore = 0): Map<string, RetrievalMetrics> {
  const groups = new Map<string, Accumulator>();
  const all = new Accumulator();
  for (const result of results) {
    const c = result.case;
    const shown = result.hits.filter((h) => h.score >= minScore);
    const group = groups.get(c.kind) ?? new Accumulator();
    groups.set(c.kind, group);
    const rank = c.expected === null ? -1 : shown.findIndex((h) => h.id === c.expected);
    for (const acc of [group, all]) acc.add(c.expected !== null, rank, shown.length > 0, result.ms);
  }
  const metrics = new Map([...groups].sort(([a], [b]) => a.localeCompare(b)).map(([kind, acc]) => [kind, acc.metrics()]));
  metrics.set("all", all.metrics());
  return metrics;
}

/** Runs and summarizes in one step, for a single search over every case. */
export function measure(search: KnowledgeSearch, cases: readonly EvalCase[]): Map<string, RetrievalMetrics> {
  return summarize(runCases(() => search, cases));
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
