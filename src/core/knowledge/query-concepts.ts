import type { DeskGlossary } from "./desk-glossary";
import { analyzeQuestion, termsOfWord, type WordCorrection } from "./text-analysis";

/** One index term a question word may match, with its inverse document frequency. */
export interface QueryTerm {
  id: number;
  idf: number;
}

/**
 * One way an article can explain a question word: every slot must be matched (by any of its
 * terms). The word itself, a typo correction of it or a one-word translation is a single slot; a
 * translation of several words ("voicemail" → "messagerie vocale") has one slot per word, so that
 * an article about "messagerie" alone does not explain "voicemail".
 */
export interface QueryAlternative {
  slots: QueryTerm[][];
  /** What a match earns, relative to the word as typed (1). */
  credit: number;
}

/**
 * How a question word was read: as typed, after typo correction, only through the glossary, or
 * not at all (written as a name or a code: "unknown-name").
 */
export type ConceptSource = "typed" | "corrected" | "translated" | "unknown" | "unknown-name";

/** One content word of the question, as matched against the index. */
export interface QueryConcept {
  word: string;
  alternatives: QueryAlternative[];
  /** Importance of the word for this question: its inverse document frequency relative to a word no article has. */
  weight: number;
  source: ConceptSource;
}

/** What building a question's concepts needs from the index. */
export interface ConceptContext {
  termId(term: string): number | undefined;
  /** Inverse document frequency of an index term. */
  idfOf(termId: number): number;
  /** The largest possible inverse document frequency (a word no article uses). */
  maxIdf: number;
  glossary: DeskGlossary;
  correct: WordCorrection;
  credits: {
    /** A word found only after typo correction. */
    corrected: number;
    /** A word found through its translation in the glossary. */
    translated: number;
    /** A related word ("eduroam" for "wifi"). */
    related: number;
    /** Weight of a word the base does not know, relative to the question's most specific known word. */
    unknownWord: number;
    /** … of such a word written as a name or a code: likely a detail (a model, a place). */
    unknownName: number;
  };
}

/**
 * The alternatives without the terms an earlier one-word alternative already matches for as much:
 * a glossary translation often stems to the word's own term ("imprimante" → "printer", one synonym
 * group), and scanning its postings twice would find nothing more.
 */
function withoutRepeatedTerms(alternatives: readonly QueryAlternative[]): QueryAlternative[] {
  const best = new Map<number, number>();
  const kept: QueryAlternative[] = [];
  for (const alternative of alternatives) {
    if (alternative.slots.length > 1) {
      kept.push(alternative);
      continue;
    }
    const terms = alternative.slots[0].filter((t) => (best.get(t.id) ?? -1) < alternative.credit);
    for (const t of terms) best.set(t.id, alternative.credit);
    if (terms.length > 0) kept.push({ slots: [terms], credit: alternative.credit });
  }
  return kept;
}

/**
 * The question's content words with the index terms that may explain each: the word as typed (or
 * corrected), its translations from the glossary, and related words. A word weighs what its rarest
 * meaning weighs (its own terms or a translation); related words add matches, not weight. A word
 * that has no term in the index weighs what it likely means to the question: a share of its most
 * specific known word (`unknownWord`, less for a name or a code): the base cannot explain it, which
 * lowers the share of the question any article explains, in proportion, without ruling a match out.
 */
export function questionConcepts(question: string, maxWords: number, ctx: ConceptContext): QueryConcept[] {
  const words = analyzeQuestion(question, ctx.correct).slice(0, maxWords);
  const translations: (readonly string[])[][] = words.map(() => []);
  for (const match of ctx.glossary.find(words.map((w) => w.terms))) {
    for (let k = match.from; k < match.to; k++) translations[k].push(...match.translations);
  }
  const slotOf = (terms: readonly string[]): QueryTerm[] => {
    const slot: QueryTerm[] = [];
    for (const term of terms) {
      const id = ctx.termId(term);
      if (id !== undefined && !slot.some((t) => t.id === id)) slot.push({ id, idf: ctx.idfOf(id) });
    }
    return slot;
  };
  const concepts = words.map((word, i): QueryConcept => {
    const alternatives: QueryAlternative[] = [];
    const own = slotOf(word.terms);
    if (own.length > 0) alternatives.push({ slots: [own], credit: word.corrected ? ctx.credits.corrected : 1 });
    for (const translation of translations[i]) {
      const slots = translation.map((w) => slotOf(termsOfWord(w)));
      if (slots.every((slot) => slot.length > 0)) alternatives.push({ slots, credit: ctx.credits.translated * (word.corrected ? ctx.credits.corrected : 1) });
    }
    const source: ConceptSource = own.length > 0 ? (word.corrected ? "corrected" : "typed")
      : alternatives.length > 0 ? "translated"
      : word.nameLike ? "unknown-name"
      : "unknown";
    const weight = alternatives.length === 0 ? 0
      : Math.max(...alternatives.map((a) => Math.max(...a.slots.map((slot) => Math.max(...slot.map((t) => t.idf)))))) / ctx.maxIdf;
    const related = slotOf(word.related);
    if (related.length > 0) alternatives.push({ slots: [related], credit: ctx.credits.related });
    return { word: word.word, alternatives: withoutRepeatedTerms(alternatives), weight, source };
  });
  // An unknown word weighs a share of the question's most specific known word: in a small base
  // every word is common and weighs little, and a fixed weight would let one unknown word
  // outweigh the topic ("le VPN ne marche pas depuis mon Airbnb").
  const mostSpecific = Math.max(0, ...concepts.map((c) => c.weight));
  for (const concept of concepts) {
    if (concept.source === "unknown") concept.weight = ctx.credits.unknownWord * (mostSpecific || 1);
    if (concept.source === "unknown-name") concept.weight = ctx.credits.unknownName * (mostSpecific || 1);
  }
  return concepts;
}
