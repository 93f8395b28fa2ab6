import type { Lang } from "../knowledge/article";
import { offeredLanguages } from "../messages/languages";
import { foldedWords } from "../text-folding";

/** Function words (folded) that tell a language apart in a short chat message. */
const FUNCTION_WORDS: Partial<Record<Lang, ReadonlySet<string>>> = {
  fr: new Set([
    "je", "j", "mon", "ma", "mes", "le", "la", "les", "un", "une", "des", "est", "pas", "ne", "plus", "pour", "avec",
    "sur", "dans", "qui", "que", "quoi", "comment", "bonjour", "merci", "peux", "veux", "arrive", "marche", "mot",
    "passe", "impossible", "probleme", "au", "aux", "du", "de", "et", "ou", "il", "elle", "nous", "vous", "salut",
    "besoin", "faut", "imprimante", "ordinateur", "acces", "compte", "jai", "jarrive", "svp", "stp", "oublie",
  ]),
  en: new Set([
    "i", "my", "the", "a", "an", "is", "not", "can", "cannot", "can't", "how", "what", "why", "to", "for", "with",
    "on", "in", "it", "this", "that", "hello", "hi", "thanks", "please", "need", "forgot", "password", "does",
    "doesn't", "work", "working", "printer", "computer", "access", "account", "i'm", "im", "help", "and", "or", "me",
  ]),
  de: new Set([
    "ich", "mein", "meine", "meinen", "der", "die", "das", "den", "dem", "ein", "eine", "einen", "ist", "nicht", "kein",
    "keine", "kann", "wie", "was", "warum", "mit", "auf", "im", "und", "oder", "hallo", "danke", "bitte",
    "brauche", "habe", "vergessen", "passwort", "funktioniert", "geht", "drucker", "rechner", "zugang", "konto", "hilfe",
    "mir", "mich", "es", "sie", "wir", "guten", "tag",
  ]),
  es: new Set([
    "yo", "mi", "mis", "el", "los", "las", "una", "es", "no", "puedo", "como", "que", "por", "para", "con", "en", "y",
    "hola", "gracias", "necesito", "olvide", "contrasena", "funciona", "impresora", "ordenador", "acceso", "cuenta",
    "ayuda", "me", "tengo",
  ]),
};

/** Letters a language writes and the others here rarely do: a strong hint on a short message. */
const LETTERS: Partial<Record<Lang, RegExp>> = { fr: /[éèêàùçôîâë]/i, de: /[äöüß]/i, es: /[ñ¿¡]/i };

/**
 * The language a message is written in, among those the desk offers, from function words. Statistical detectors are
 * unreliable on one-to-five-word chat messages, so when no language leads (e.g. "vpn", or a language the desk offers
 * without a word list here) the answer is `fallback`: the person's own language, else the desk's default.
 */
export function detectLanguage(text: string, fallback: Lang): Lang {
  const counts = new Map<Lang, number>();
  const words = foldedWords(text.replace(/['’]/g, " "));
  for (const lang of offeredLanguages()) {
    const known = FUNCTION_WORDS[lang];
    if (!known) continue;
    let count = words.filter((word) => known.has(word)).length;
    if (LETTERS[lang]?.test(text)) count += 2;
    counts.set(lang, count);
  }
  const ranked = [...counts].sort((a, b) => b[1] - a[1]);
  const [first, second] = ranked;
  if (!first || first[1] === 0 || (second && second[1] === first[1])) return fallback;
  return first[0];
}
