import { foldedWords } from "../text-folding";

/** Words too common in support requests to tell two problems apart. */
const COMMON = new Set([
  "bonjour", "merci", "cordialement", "hello", "thanks", "please", "probleme", "problem", "depuis", "since",
  "avec", "with", "pour", "dans", "mais", "plus", "have", "this", "that", "from", "when", "vous", "nous", "votre",
  "mon", "mes", "est", "pas", "une", "des", "les", "the", "and", "not", "can't", "cannot", "arrive", "marche",
  "fonctionne", "work", "working", "does", "help", "aide", "besoin", "need", "hier", "aujourd", "matin", "soir",
  "semaine", "jour", "yesterday", "today", "morning", "week", "encore", "toujours", "still", "again",
]);

function significantWords(text: string): Set<string> {
  // A crude stem (first 6 letters) joins "imprimante"/"imprimer" and "connexion"/"connecter" well enough here.
  return new Set(
    foldedWords(text, 4)
      .filter((w) => !COMMON.has(w))
      .map((w) => w.slice(0, 6)),
  );
}

/**
 * How much two requests look like the same problem, in [0, 1]: the share of the shorter one's significant words
 * found in the other.
 */
export function requestSimilarity(a: string, b: string): number {
  const wa = significantWords(a);
  const wb = significantWords(b);
  if (wa.size === 0 || wb.size === 0) return 0;
  let common = 0;
  for (const w of wa) if (wb.has(w)) common++;
  // One shared word between two long texts is chance, not a duplicate.
  if (common < Math.min(2, wa.size, wb.size)) return 0;
  return common / Math.min(wa.size, wb.size);
}

export const DUPLICATE_THRESHOLD = 0.5;

/** The candidate most like `text`, if it is alike enough to offer linking. */
export function findLikelyDuplicate<T extends { id: number; text: string; category: string }>(
  text: string,
  category: string | null,
  candidates: T[],
): T | null {
  let best: { candidate: T; score: number } | null = null;
  for (const candidate of candidates) {
    // Same category is a hint, not a requirement: categories of fresh tickets are guesses.
    const score = requestSimilarity(text, candidate.text) + (category !== null && candidate.category === category ? 0.1 : 0);
    if (score >= DUPLICATE_THRESHOLD && (best === null || score > best.score)) best = { candidate, score };
  }
  return best?.candidate ?? null;
}
