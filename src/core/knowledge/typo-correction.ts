import Fuse from "fuse.js";

/**
 * Shortest word corrected by any edit: below it, one typo turns a word into another real word, and a
 * word the knowledge base does not use ("sport", "robot") would be "corrected" into one it does
 * ("sort", "root"). Shorter words get only the two typos that rarely make another word (see
 * `correctShort`).
 */
const MIN_WORD_LENGTH = 5;
/** Shortest word `correctShort` looks at ("wfi" → "wifi"). */
const MIN_SHORT_WORD_LENGTH = 3;

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
 * one short string against other short strings. Ranking the articles is left to the index.
 *
 * fuse.js compares the word with each candidate in turn, so candidates are narrowed first: same
 * first letter (people rarely mistype it), a length within the edits allowed, and nearly the same
 * set of letters (a 26-bit mask: one edit changes at most two bits). That leaves a few dozen of
 * the tens of thousands of words of a large base, and a correction costs well under a millisecond.
 * fuse.js scores the survivors; the edit distance has the last word.
 */
export class VocabularyCorrector {
  private readonly buckets = new Map<string, { words: string[]; masks: number[] }>();
  private readonly frequency: ReadonlyMap<string, number>;
  private readonly cache = new Map<string, string | null>();

  /**
   * @param wordFrequency folded words of the knowledge base and how many articles use each.
   * @param topicWords the words found in titles, tags or example questions: the only corrections of short words.
   */
  constructor(wordFrequency: ReadonlyMap<string, number>, private readonly topicWords: ReadonlySet<string> = new Set()) {
    this.frequency = wordFrequency;
    for (const word of wordFrequency.keys()) {
      if (word.length < MIN_WORD_LENGTH - MAX_LENGTH_DIFFERENCE || /\d/.test(word)) continue;
      const key = bucketKey(word[0], word.length);
      let bucket = this.buckets.get(key);
      if (!bucket) {
        bucket = { words: [], masks: [] };
        this.buckets.set(key, bucket);
      }
      bucket.words.push(word);
      bucket.masks.push(letterMask(word));
    }
  }

  /** True for a word of the knowledge base. */
  knows(word: string): boolean {
    return this.frequency.has(word);
  }

  /** The known word the requester most likely meant, or undefined when none is close enough. */
  correct(word: string): string | undefined {
    if (word.length < MIN_SHORT_WORD_LENGTH || /\d/.test(word) || this.frequency.has(word)) return undefined;
    const cached = this.cache.get(word);
    if (cached !== undefined) return cached ?? undefined;
    const best = word.length < MIN_WORD_LENGTH ? this.correctShort(word) : this.findClosest(word);
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(word, best ?? null);
    return best;
  }

  /**
   * A short word ("wfi", "pase", "vnp") is corrected only into a topic word of the base (a title,
   * tag or example-question word), and only for the two typos that seldom make another real word:
   * a letter dropped inside the word ("wfi" → "wifi", "pase" → "passe"; a dropped last letter
   * often leaves a real word: "car" is not "card") and two neighbours swapped after the first
   * letter ("vnp" → "vpn").
   */
  private correctShort(word: string): string | undefined {
    let best: { word: string; frequency: number } | undefined;
    for (const length of [word.length, word.length + 1]) {
      const bucket = this.buckets.get(bucketKey(word[0], length));
      if (!bucket) continue;
      for (const candidate of bucket.words) {
        if (!this.topicWords.has(candidate)) continue;
        if (length === word.length ? !isInnerSwap(word, candidate) : !isInnerDrop(word, candidate)) continue;
        const frequency = this.frequency.get(candidate) ?? 0;
        if (!best || frequency > best.frequency) best = { word: candidate, frequency };
      }
    }
    return best?.word;
  }

  private findClosest(word: string): string | undefined {
    const maxErrors = maxErrorsFor(word.length);
    const maxScore = maxScoreFor(word.length);
    const lengthDifference = Math.min(MAX_LENGTH_DIFFERENCE, maxErrors);
    const mask = letterMask(word);
    let best: { word: string; score: number; frequency: number } | undefined;
    for (let length = word.length - lengthDifference; length <= word.length + lengthDifference; length++) {
      const bucket = this.buckets.get(bucketKey(word[0], length));
      if (!bucket) continue;
      for (let i = 0; i < bucket.words.length; i++) {
        if (bitCount(mask ^ bucket.masks[i]) > 2 * maxErrors) continue;
        const candidate = bucket.words[i];
        const { isMatch, score = 1 } = Fuse.match(word, candidate, FUSE_OPTIONS);
        if (!isMatch || score > maxScore || editDistance(word, candidate, maxErrors) > maxErrors) continue;
        if (candidate.length < word.length && !isStutter(word, candidate)) continue;
        const frequency = this.frequency.get(candidate) ?? 0;
        // Equal scores: prefer the word more articles use, the likelier intent.
        if (!best || score < best.score - 1e-9 || (Math.abs(score - best.score) <= 1e-9 && frequency > best.frequency)) {
          best = { word: candidate, score, frequency };
        }
      }
    }
    return best?.word;
  }
}

const FUSE_OPTIONS = { threshold: FUSE_THRESHOLD, ignoreLocation: true };

/** Which of the letters a–z the word contains, one bit each. */
function letterMask(word: string): number {
  let mask = 0;
  for (let i = 0; i < word.length; i++) {
    const letter = word.charCodeAt(i) - 97;
    if (letter >= 0 && letter < 26) mask |= 1 << letter;
  }
  return mask;
}

function bitCount(value: number): number {
  let count = 0;
  for (let v = value; v !== 0; v &= v - 1) count++;
  return count;
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

/** True when `typed` is `known` without one of its inner letters (not the first, not the last). */
function isInnerDrop(typed: string, known: string): boolean {
  for (let k = 1; k < known.length - 1; k++) {
    if (known.slice(0, k) + known.slice(k + 1) === typed) return true;
  }
  return false;
}

/** True when `typed` is `known` with two neighbouring letters swapped, the first letter left in place. */
function isInnerSwap(typed: string, known: string): boolean {
  for (let k = 1; k < known.length - 1; k++) {
    if (typed[k] !== known[k] && typed[k] === known[k + 1] && typed[k + 1] === known[k] && typed.slice(k + 2) === known.slice(k + 2) && typed.slice(0, k) === known.slice(0, k)) return true;
  }
  return false;
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
