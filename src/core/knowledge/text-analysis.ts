import { stemmer as dutchStemmer } from "@orama/stemmers/dutch";
import { stemmer as englishStemmer } from "@orama/stemmers/english";
import { stemmer as frenchStemmer } from "@orama/stemmers/french";
import { stemmer as germanStemmer } from "@orama/stemmers/german";
import { stemmer as italianStemmer } from "@orama/stemmers/italian";
import { stemmer as portugueseStemmer } from "@orama/stemmers/portuguese";
import { stemmer as spanishStemmer } from "@orama/stemmers/spanish";
import { offeredLanguages } from "../messages/languages";
import type { Lang } from "./article";
import { FILLER_EXPRESSIONS, STOP_WORDS } from "./stop-words";
import { PHRASES, RELATED_WORDS, SYNONYM_GROUPS } from "./synonyms";
import { foldText } from "./text-folding";

export { foldText } from "./text-folding";

/** One content word of a question, with the index terms it may stand for. */
export interface QuestionWord {
  /** The folded word as read (after typo correction and joining phrases such as "mot de passe"). */
  word: string;
  /** Index terms for this word: its French and English stems, mapped through the synonym table. */
  terms: string[];
  /** Terms of related words (e.g. "eduroam" for "wifi"), worth less than `terms`. */
  related: string[];
  /** True when a word the requester typed was corrected to make this one. */
  corrected: boolean;
  /**
   * True when the requester wrote it as a name or a code ("Xiaomi", "imageRUNNER", "B214"): a
   * capital letter past the start of a sentence or inside the word, or a digit. Such a word the
   * base does not know is likely a detail (a model, a room), not the topic.
   */
  nameLike: boolean;
}

/**
 * The correction of a question word the knowledge base does not know ("pase" → "passe"), or
 * undefined to keep the word as typed. Given by the index, which knows the base's words.
 */
export type WordCorrection = (word: string) => string | undefined;

const WORD_PATTERN = /[\p{L}\p{N}]+/gu;
/** Longer "words" are pasted identifiers, hashes or base64: noise for search. */
const MAX_WORD_LENGTH = 40;

/**
 * Snowball stemmers by language code: the shipped languages and those a European campus desk is likely to add. An
 * article in another language is indexed by its words as written (no stemming, still found by the same words).
 */
const stemmers: Partial<Record<Lang, (word: string) => string>> = {
  fr: frenchStemmer,
  en: englishStemmer,
  de: germanStemmer,
  es: spanishStemmer,
  it: italianStemmer,
  pt: portugueseStemmer,
  nl: dutchStemmer,
};
const unstemmed = (word: string) => word;

/** The folded words of a text, in order, stop words included (phrases such as "mot de passe" need them). */
export function tokenize(text: string): string[] {
  return foldText(text).match(WORD_PATTERN) ?? [];
}

/** `tokenize`, with whether each word was written as a name or a code (see `QuestionWord.nameLike`). */
function tokenizeWithShapes(text: string): { tokens: string[]; nameLike: boolean[] } {
  const tokens: string[] = [];
  const nameLike: boolean[] = [];
  let sentenceStart = true;
  for (const [written] of text.normalize("NFC").matchAll(WRITTEN_WORD_OR_SENTENCE_END)) {
    if (SENTENCE_END.test(written)) {
      sentenceStart = true;
      continue;
    }
    const name = /\d/.test(written) || /\p{Lu}/u.test(written.slice(1)) || (!sentenceStart && /^\p{Lu}/u.test(written));
    for (const token of tokenize(written)) {
      tokens.push(token);
      nameLike.push(name);
    }
    sentenceStart = false;
  }
  return { tokens, nameLike };
}

const WRITTEN_WORD_OR_SENTENCE_END = /[\p{L}\p{N}]+|[.!?:\n]/gu;
const SENTENCE_END = /^[.!?:\n]$/;

/** True for a (folded) word that carries no topic: a stop word, chat filler or an elided letter. */
export function isStopWord(word: string): boolean {
  return word.length < 2 || STOP_WORDS.has(word);
}

/**
 * Splits folded text into words, joins the expressions of the phrase table and drops stop words
 * and one-letter words (elided "l'", "j'", "d'").
 */
export function contentWords(text: string): string[] {
  return contentWordsOfTokens(tokenize(text));
}

/** `contentWords` of a text already split by `tokenize`. */
export function contentWordsOfTokens(tokens: readonly string[]): string[] {
  return contentWordsOf(tokens).map((w) => w.word);
}

/**
 * The content words of a requester's question with the terms each may match. Every word the
 * base does not know is first offered to `correct`, before phrases are joined, so that "mot de
 * pase" is read as "mot de passe". The question is stemmed in every language because the
 * requester's language is a preference, not a fact about the text ("le login failed"), and
 * language detectors are unreliable on one-to-five-word messages.
 */
export function analyzeQuestion(text: string, correct?: WordCorrection): QuestionWord[] {
  const { tokens, nameLike } = tokenizeWithShapes(text);
  const corrected = new Set<number>();
  if (correct) {
    tokens.forEach((token, i) => {
      if (isStopWord(token)) return;
      const replacement = correct(token);
      if (replacement !== undefined && replacement !== token) {
        tokens[i] = replacement;
        corrected.add(i);
      }
    });
  }
  const seen = new Set<string>();
  const result: QuestionWord[] = [];
  for (const { word, from, to } of contentWordsOf(tokens)) {
    const terms = termsOfWord(word);
    const key = terms.join(" ");
    if (seen.has(key)) continue; // "vpn vpn vpn!!" asks about the VPN once
    seen.add(key);
    let wasCorrected = false;
    for (let i = from; i < to; i++) if (corrected.has(i)) wasCorrected = true;
    result.push({ word, terms, related: relatedTerms(terms), corrected: wasCorrected, nameLike: to - from === 1 && nameLike[from] });
  }
  return result;
}

/**
 * The index term of one content word of an article in language `lang`: its stem in that language,
 * mapped through the synonym table.
 */
export function articleTermOf(word: string, lang: Lang): string {
  return termOf(word, lang);
}

/** Content words of a token list, each with the tokens it was made of ([from, to)). */
function contentWordsOf(tokens: readonly string[]): { word: string; from: number; to: number }[] {
  const words: { word: string; from: number; to: number }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const phrase = matchPhrase(tokens, i);
    const from = i;
    let word = tokens[i];
    if (phrase) {
      word = phrase.joined;
      i += phrase.length - 1;
    }
    if (word.length > MAX_WORD_LENGTH || isStopWord(word)) continue;
    words.push({ word, from, to: i + 1 });
  }
  return words;
}

/**
 * The terms a single (folded) word stands for in French, English and any other language the desk offers (a German
 * desk's "Passwörter" finds its German articles' "Passwort"); used for questions and typo corrections.
 */
export function termsOfWord(word: string): string[] {
  const terms = new Set([termOf(word, "fr"), termOf(word, "en")]);
  for (const lang of offeredLanguages()) terms.add(termOf(word, lang));
  return [...terms];
}

/** Related terms for a set of terms, excluding the terms themselves. */
function relatedTerms(terms: readonly string[]): string[] {
  const related = new Set<string>();
  for (const term of terms) for (const other of RELATED_TERMS.get(term) ?? []) related.add(other);
  for (const term of terms) related.delete(term);
  return [...related];
}

function termOf(word: string, lang: Lang): string {
  const stem = stemOf(word, lang);
  return SYNONYM_TERMS.get(stem) ?? stem;
}

// Stemming is the costly step of indexing (a 50 000-article base has millions of words but a
// vocabulary of tens of thousands), so stems are memoised per language. The cap bounds memory when
// a long-running process sees endless distinct words in questions.
const STEM_CACHE_LIMIT = 200_000;
const stemCaches = new Map<Lang, Map<string, string>>();

function stemOf(word: string, lang: Lang): string {
  let cache = stemCaches.get(lang);
  if (!cache) stemCaches.set(lang, (cache = new Map()));
  let stem = cache.get(word);
  if (stem === undefined) {
    // Snowball stemmers are for words: leave codes such as "2fa", "802" or "x64" alone.
    stem = /\d/.test(word) ? word : (stemmers[lang] ?? unstemmed)(word);
    if (cache.size >= STEM_CACHE_LIMIT) cache.clear();
    cache.set(word, stem);
  }
  return stem;
}

interface Phrase {
  words: string[];
  joined: string;
  length: number;
}

const PHRASES_BY_FIRST_WORD: ReadonlyMap<string, Phrase[]> = (() => {
  const byFirst = new Map<string, Phrase[]>();
  for (const [expression, joined] of [...Object.entries(PHRASES), ...Object.entries(FILLER_EXPRESSIONS)]) {
    const words = expression.split(" ");
    const list = byFirst.get(words[0]) ?? [];
    list.push({ words, joined, length: words.length });
    list.sort((a, b) => b.length - a.length); // longest expression wins
    byFirst.set(words[0], list);
  }
  return byFirst;
})();

function matchPhrase(words: readonly string[], start: number): Phrase | undefined {
  for (const phrase of PHRASES_BY_FIRST_WORD.get(words[start]) ?? []) {
    if (phrase.words.every((w, k) => words[start + k] === w)) return phrase;
  }
  return undefined;
}

/** Stem (in either language) of every listed form → the group's first word. */
const SYNONYM_TERMS: ReadonlyMap<string, string> = (() => {
  const terms = new Map<string, string>();
  for (const group of SYNONYM_GROUPS) {
    const canonical = group[0];
    for (const form of group) {
      for (const lang of ["fr", "en"] as const) {
        const stem = stemOf(form, lang);
        const previous = terms.get(stem);
        if (previous !== undefined && previous !== canonical) {
          throw new Error(`synonym table: "${form}" (${lang} stem "${stem}") is in the groups of "${previous}" and "${canonical}"`);
        }
        terms.set(stem, canonical);
      }
    }
  }
  return terms;
})();

const RELATED_TERMS: ReadonlyMap<string, readonly string[]> = (() => {
  const related = new Map<string, string[]>();
  for (const [word, others] of Object.entries(RELATED_WORDS)) {
    const otherTerms = others.flatMap((other) => [termOf(other, "fr"), termOf(other, "en")]);
    for (const term of [termOf(word, "fr"), termOf(word, "en")]) {
      related.set(term, [...new Set([...(related.get(term) ?? []), ...otherTerms])]);
    }
  }
  return related;
})();
