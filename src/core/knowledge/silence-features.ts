import { fieldFrequency } from "./inverted-index";
import type { ScoringContext } from "./document-scores";
import type { QueryConcept, QueryTerm } from "./query-concepts";

/**
 * What the stay-silent decision knows about the best match of a question: how much of what the
 * base knows of the question the article explains, and how (its topic fields or only its body;
 * the words as typed, corrected or translated), what it leaves unexplained (known words the
 * article lacks), how much of the question the base does not know at all, how far ahead of the
 * next article it is, and in which language. Shares are of weights, so they mean the same in any
 * knowledge base; the unknown words' share is kept apart, so that the model learns what an unknown
 * word costs in proportion to its weight rather than every share shrinking with it.
 */
export interface SilenceFeatures {
  /** Share of the known words' weight the article explains, each word weighed by how strongly (title 1 … body 0.5). */
  explained: number;
  /** Share explained by the article's title, tags or example questions. */
  topicExplained: number;
  /** Share explained only through the glossary's translations. */
  translated: number;
  /** Share explained only through typo corrections. */
  corrected: number;
  /** Share of the question's weight in words the knowledge base does not know at all. */
  unknown: number;
  /** The most specific question word the article explains through its title, tags or questions, relative to the most specific word of the question. */
  topicTopWord: number;
  /** Share of the known words' weight in words this article does not match. */
  missed: number;
  /** The most specific question word the article does not match, relative to the most specific word of the question. */
  missedTopWord: number;
  /** The article's ranking score (0–1). */
  score: number;
  /** How far ahead of the next article it is: (first − second) / first. */
  gap: number;
  /** 1 when the matched article is in the other language than the requester's. */
  otherLanguage: number;
  /** The most specific question word's weight (a question of generic words only is weak evidence). */
  specificity: number;
  /** log(1 + number of content words). */
  words: number;
}

export const SILENCE_FEATURES: readonly (keyof SilenceFeatures)[] = [
  "explained", "topicExplained", "translated", "corrected", "unknown", "missed", "missedTopWord",
  "topicTopWord", "score", "gap", "otherLanguage", "specificity", "words",
];

/** How one concept is matched by one document: its strength, and whether in a topic field and through which alternative. */
interface ConceptMatch {
  strength: number;
  topic: boolean;
  /** The alternative's index in the concept (0 is the word itself when it is in the index). */
  alternative: number;
}

/**
 * The features of document `d`'s match, recomputed for that one document from the postings
 * (binary search: postings are in document order), with its ranking score and the next one's.
 */
export function silenceFeatures(
  ctx: ScoringContext,
  concepts: readonly QueryConcept[],
  d: number,
  score: number,
  nextScore: number,
  otherLanguage: boolean,
): SilenceFeatures {
  const known = (c: QueryConcept): boolean => c.alternatives.length > 0;
  const totalWeight = concepts.reduce((sum, c) => sum + c.weight, 0) || 1;
  const knownWeight = concepts.filter(known).reduce((sum, c) => sum + c.weight, 0) || 1;
  const topWeight = Math.max(0, ...concepts.filter(known).map((c) => c.weight));
  const f: SilenceFeatures = {
    explained: 0, topicExplained: 0, translated: 0, corrected: 0, unknown: 0, missed: 0, missedTopWord: 0, topicTopWord: 0,
    score, gap: score > 0 ? (score - nextScore) / score : 0, otherLanguage: otherLanguage ? 1 : 0,
    specificity: topWeight, words: Math.log(1 + concepts.length),
  };
  for (const concept of concepts) {
    if (!known(concept)) {
      f.unknown += concept.weight / totalWeight;
      continue;
    }
    const share = concept.weight / knownWeight;
    const match = conceptMatch(ctx, concept, d);
    if (!match) {
      f.missed += share;
      if (topWeight > 0) f.missedTopWord = Math.max(f.missedTopWord, concept.weight / topWeight);
      continue;
    }
    f.explained += share * match.strength;
    if (match.topic) {
      f.topicExplained += share * match.strength;
      if (topWeight > 0) f.topicTopWord = Math.max(f.topicTopWord, concept.weight / topWeight);
    }
    // Alternative 0 is the word itself, unless only its translations are in the index.
    const viaOwnWord = concept.source !== "translated" && match.alternative === 0;
    if (!viaOwnWord) f.translated += share * match.strength;
    else if (concept.source === "corrected") f.corrected += share * match.strength;
  }
  return f;
}

function conceptMatch(ctx: ScoringContext, concept: QueryConcept, d: number): ConceptMatch | undefined {
  let best: ConceptMatch | undefined;
  concept.alternatives.forEach((alternative, a) => {
    let strength = Infinity;
    let topic = true;
    for (const slot of alternative.slots) {
      const match = slotMatch(ctx, slot, d);
      if (!match) return;
      if (match.strength < strength) strength = match.strength;
      topic &&= match.topic;
    }
    strength *= alternative.credit;
    if (!best || strength > best.strength) best = { strength, topic, alternative: a };
  });
  return best;
}

function slotMatch(ctx: ScoringContext, slot: readonly QueryTerm[], d: number): { strength: number; topic: boolean } | undefined {
  const { postingStart, postingDocuments, postingFrequencies } = ctx.index;
  let best: { strength: number; topic: boolean } | undefined;
  for (const term of slot) {
    const p = binarySearch(postingDocuments, postingStart[term.id], postingStart[term.id + 1], d);
    if (p < 0) continue;
    const packed = postingFrequencies[p];
    for (let f = 0; f < 4; f++) {
      const tf = fieldFrequency(packed, f);
      if (tf === 0) continue;
      const strength = f === 3 ? (ctx.fieldStrengths[f] * tf) / (tf + ctx.bodySaturation) : ctx.fieldStrengths[f];
      if (!best || strength > best.strength) best = { strength, topic: f < 3 };
    }
  }
  return best;
}

function binarySearch(values: Int32Array, from: number, to: number, value: number): number {
  let low = from;
  let high = to - 1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    if (values[mid] < value) low = mid + 1;
    else if (values[mid] > value) high = mid - 1;
    else return mid;
  }
  return -1;
}
