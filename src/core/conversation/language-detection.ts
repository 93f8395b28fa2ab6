import type { Lang } from "../knowledge/article";
import { foldedWords } from "../text-folding";

const FRENCH = new Set([
  "je", "j", "mon", "ma", "mes", "le", "la", "les", "un", "une", "des", "est", "pas", "ne", "plus", "pour", "avec",
  "sur", "dans", "qui", "que", "quoi", "comment", "bonjour", "merci", "peux", "veux", "arrive", "marche", "mot",
  "passe", "impossible", "probleme", "au", "aux", "du", "de", "et", "ou", "il", "elle", "nous", "vous", "salut",
  "besoin", "faut", "imprimante", "ordinateur", "acces", "compte", "jai", "jarrive", "svp", "stp", "oublie",
]);
const ENGLISH = new Set([
  "i", "my", "the", "a", "an", "is", "not", "can", "cannot", "can't", "how", "what", "why", "to", "for", "with",
  "on", "in", "it", "this", "that", "hello", "hi", "thanks", "please", "need", "forgot", "password", "does",
  "doesn't", "work", "working", "printer", "computer", "access", "account", "i'm", "im", "help", "and", "or", "me",
]);

/**
 * French or English, from function words. Statistical detectors are unreliable on one-to-five-word chat messages,
 * so a tie (e.g. "vpn") keeps the person's usual language.
 */
export function detectLanguage(text: string, fallback: Lang): Lang {
  let fr = 0;
  let en = 0;
  for (const word of foldedWords(text.replace(/['’]/g, " "))) {
    if (FRENCH.has(word)) fr++;
    if (ENGLISH.has(word)) en++;
  }
  // Accented letters are a strong French hint (English chat rarely has them).
  if (/[éèêàùçôîâë]/i.test(text)) fr += 2;
  if (fr === en) return fallback;
  return fr > en ? "fr" : "en";
}
