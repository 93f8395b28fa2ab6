import Fuse from "fuse.js";

/**
 * Shortest word worth correcting: below it, one typo turns a word into another real word, and a
 * word the knowledge base does not use ("sport", "robot") would be "corrected" into one it does
 * ("sort", "root").
 */
const MIN_WORD_LENGTH = 5;

/**
 * Edits (insertion, deletion, substitution, or swap of two neighbours) allowed between the typed
 * word and its correction: one, two from nine letters. Two edits on shorter words mostly turn a
 * real word into another ("thursday" into "tuesday").
 */
function maxErrorsFor(length: number): number {
  return length >= 9 ? 2 : 1;
}

/**
 * fuse.js (bitap) scores are about errors ÷ length, but loosely (a swap counts as two errors): it
 * proposes candidates, and the edit distance decides.
 */
function maxScoreFor(length: number): number {
  return (2 * maxErrorsFor(length)) / length + 0.01;
}
/** The loosest score `maxScoreFor` allows, given to fuse.js as its threshold. */
const FUSE_THRESHOLD = 0.41;
/** Candidates may be this many letters longer or shorter than the typed word (a missing or doubled letter). */
const MAX_LENGTH_DIFFERENCE = 2;
const CACHE_LIMIT = 10_000;

/**
 * Corrects a mistyped question word against the words of the knowledge base ("imprimente" →
 * "imprimante", "pasword" → "password"). This is what fuse.js is good at: approximate matching of
 * one short string against many short strings. Ranking the articles is left to the index.
 *
 * The vocabulary is split by first letter and length: people rarely mistype the first letter, a
 * correction is at most two letters longer or shorter, and fuse.js scans every candidate it is
 * given, so a correction reads about a fiftieth of the vocabulary (under a millisecond on the
 * 50 000-article benchmark).
 */
export class VocabularyCorrector {
  private readonly buckets = new Map<string, Fuse<string>>();
  private readonly frequency: ReadonlyMap<string, number>;
  private readonly cache = new Map<string, string | null>();

  /** @param wordFrequency folded words of the knowledge base and how many articles use each. */
  constructor(wordFrequency: ReadonlyMap<string, number>) {
    this.frequency = wordFrequency;
    const byBucket = new Map<string, string[]>();
    for (const word of wordFrequency.keys()) {
      if (word.length < MIN_WORD_LENGTH - MAX_LENGTH_DIFFERENCE || /\d/.test(word)) continue;
      const key = bucketKey(word[0], word.length);
      const list = byBucket.get(key) ?? [];
      list.push(word);
      byBucket.set(key, list);
    }
    for (const [key, words] of byBucket) {
      this.buckets.set(key, new Fuse(words, { includeScore: true, threshold: FUSE_THRESHOLD, ignoreLocation: true }));
    }
  }

  /** The known word the requester most likely meant, or undefined when none is close enough. */
  correct(word: string): string | undefined {
    if (word.length < MIN_WORD_LENGTH || /\d/.test(word) || this.frequency.has(word)) return undefined;
    const cached = this.cache.get(word);
    if (cached !== undefined) return cached ?? undefined;
    const best = this.findClosest(word);
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(word, best ?? null);
    return best;
  }

  private findClosest(word: string): string | undefined {
    const maxScore = maxScoreFor(word.length);
    const maxErrors = maxErrorsFor(word.length);
    const lengthDifference = Math.min(MAX_LENGTH_DIFFERENCE, maxErrors);
    let best: { word: string; score: number; frequency: number } | undefined;
    for (let length = word.length - lengthDifference; length <= word.length + lengthDifference; length++) {
      for (const result of this.buckets.get(bucketKey(word[0], length))?.search(word) ?? []) {
        const score = result.score ?? 1;
        if (score > maxScore || editDistance(word, result.item, maxErrors) > maxErrors) continue;
        if (result.item.length < word.length && !isStutter(word, result.item)) continue;
        const frequency = this.frequency.get(result.item) ?? 0;
        // Equal scores: prefer the word more articles use, the likelier intent.
        if (!best || score < best.score - 1e-9 || (Math.abs(score - best.score) <= 1e-9 && frequency > best.frequency)) {
          best = { word: result.item, score, frequency };
        }
      }
    }
    return best?.word;
  }
}

function bucketKey(firstLetter: string, length: number): string {
  return `${firstLetter}${length}`;
}

/**
 * People drop letters far more often than they add them, and a word one letter longer than a
 * known word is usually another real word ("sport" is not "sort" mistyped). A longer typed word is
 * a typo only when the extra letter repeats its neighbour ("passsword").
 */
function isStutter(typed: string, known: string): boolean {
  return typed.replace(/(.)\1+/g, "$1") === known.replace(/(.)\1+/g, "$1");
}

/**
 * Optimal-string-alignment distance (Levenshtein plus swaps of neighbours), stopping early once it
 * exceeds `max`: only whether a candidate is within `max` edits matters.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous2: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, previous2[j - 2] + 1);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    previous2 = previous;
    previous = current;
  }
  return previous[b.length];
}
