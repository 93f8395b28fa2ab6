import { foldText } from "./knowledge/text-folding";

export { foldText };

/** Folded words of at least `minLength` letters or digits. */
export function foldedWords(text: string, minLength = 1): string[] {
  return foldText(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= minLength);
}

/** Whether already-folded `foldedHaystack` contains `phrase` (folded here) as whole words. */
export function containsPhrase(foldedHaystack: string, phrase: string): boolean {
  const needle = foldText(phrase).trim();
  if (needle === "") return false;
  const escaped = needle.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(^|[^\\p{L}\\p{N}])${escaped}($|[^\\p{L}\\p{N}])`, "u").test(foldedHaystack);
}
