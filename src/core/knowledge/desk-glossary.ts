import { z } from "zod";
import glossaryFile from "./data/desk-glossary.json";
import { contentWords, termsOfWord, tokenize } from "./text-analysis";

/** An expression of the glossary found in a question's content words, with its translations. */
export interface GlossaryMatch {
  /** The content words [from, to) of the question that make the expression. */
  from: number;
  to: number;
  /** Each translation as content words ("messagerie vocale" → ["messagerie", "vocale"]). */
  translations: readonly (readonly string[])[];
}

interface Expression {
  /** The terms of each content word of the expression (a question word matches when it shares one). */
  words: readonly ReadonlySet<string>[];
  translations: (readonly string[])[];
}

const glossarySchema = z.object({
  source: z.string().min(1),
  entries: z.array(z.tuple([z.array(z.string().min(1)).min(1), z.array(z.string().min(1)).min(1)])),
});

/**
 * A French ↔ English glossary of the desk's vocabulary ("messagerie vocale" ↔ "voicemail",
 * "boîte fonctionnelle" ↔ "shared mailbox"): a question is expanded with the other language's
 * words, so that it finds an article that exists only in the other language. Expressions are
 * compared on the terms of their content words (folded, stemmed, stop words dropped), so
 * "imprimantes" and "imprimante" are one expression, and "la boîte de la messagerie vocale" holds
 * "messagerie vocale".
 */
export class DeskGlossary {
  private readonly byFirstTerm = new Map<string, Expression[]>();
  /** Every content word of the glossary, in either language. */
  readonly words: ReadonlySet<string>;

  /** @param entries pairs of [French forms, English forms]; every form of one side translates every form of the other. */
  constructor(entries: readonly (readonly [readonly string[], readonly string[]])[]) {
    const words = new Set<string>();
    const expressions = new Map<string, Expression>();
    for (const [french, english] of entries) {
      const sides = [french, english].map((forms) => forms.map(expressionWords).filter((w): w is string[] => w !== undefined));
      sides.forEach((forms, s) => {
        const others = sides[1 - s];
        for (const form of forms) {
          for (const word of form) words.add(word);
          const key = form.join(" ");
          let expression = expressions.get(key);
          if (!expression) {
            expression = { words: form.map((word) => new Set(termsOfWord(word))), translations: [] };
            expressions.set(key, expression);
            for (const term of expression.words[0]) {
              const list = this.byFirstTerm.get(term) ?? [];
              list.push(expression);
              this.byFirstTerm.set(term, list);
            }
          }
          for (const other of others) {
            const otherKey = other.join(" ");
            if (otherKey !== key && !expression.translations.some((t) => t.join(" ") === otherKey)) expression.translations.push(other);
          }
        }
      });
    }
    for (const list of this.byFirstTerm.values()) list.sort((a, b) => b.words.length - a.words.length);
    this.words = words;
  }

  /**
   * The glossary's expressions in a question, given the terms of its content words in order: at each
   * word the longest expression starting there, expressions not overlapping.
   */
  find(questionTerms: readonly (readonly string[])[]): GlossaryMatch[] {
    const matches: GlossaryMatch[] = [];
    for (let i = 0; i < questionTerms.length; i++) {
      let best: Expression | undefined;
      for (const term of questionTerms[i]) {
        for (const expression of this.byFirstTerm.get(term) ?? []) {
          if (best && best.words.length >= expression.words.length) break;
          if (i + expression.words.length > questionTerms.length) continue;
          if (expression.words.every((terms, k) => questionTerms[i + k].some((t) => terms.has(t)))) best = expression;
        }
      }
      if (!best || best.translations.length === 0) continue;
      matches.push({ from: i, to: i + best.words.length, translations: best.translations });
      i += best.words.length - 1;
    }
    return matches;
  }
}

/** Words that tie an expression together without meaning anything alone ("messagerie de l'équipe", "end of contract"). */
const FUNCTION_WORDS = new Set([
  "de", "du", "des", "la", "le", "les", "l", "d", "a", "au", "aux", "en", "et", "un", "une", "pour", "par", "sur", "dans", "avec", "se", "s",
  "of", "the", "an", "to", "in", "on", "at", "for", "by", "with", "and", "from",
]);

/**
 * The content words of a glossary form as the index reads them, or undefined when the stop-word
 * list takes away a word that carries its meaning: generic lists hold "fire", "point", "out" or
 * "up", so "access point" would be read as "access", "log out" as "log", and the glossary would
 * translate "access" as "borne wifi".
 */
function expressionWords(form: string): string[] | undefined {
  const words = contentWords(form);
  if (words.length === 0) return undefined;
  const tokens = tokenize(form);
  const joinedPhrase = words.some((word) => !tokens.includes(word));
  if (!joinedPhrase && tokens.some((token) => !words.includes(token) && !FUNCTION_WORDS.has(token))) return undefined;
  return words;
}

/** guichet's glossary, `data/desk-glossary.json` (its source is stated in the file). */
export const DESK_GLOSSARY = new DeskGlossary(glossarySchema.parse(glossaryFile).entries);
