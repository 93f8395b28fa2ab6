const NON_ASCII = /[\u0080-\uffff]/;

/**
 * Case and accent folding: "Réseau", "reseau" and "RÉSEAU" become "reseau". Applied before
 * tokenising and stemming on both sides, because requesters often type without accents and the
 * French stemmer gives different stems for "oublié" and "oublie" if it sees the accents.
 */
export function foldText(text: string): string {
  // Most text is ASCII (English articles, many questions): skip the Unicode passes for it.
  if (!NON_ASCII.test(text)) return text.toLowerCase();
  return text
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    // Ligatures that NFD leaves whole ("cœur", "ex æquo").
    .replace(/œ/g, "oe")
    .replace(/æ/g, "ae")
    .replace(/ß/g, "ss");
}
