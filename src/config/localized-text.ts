import { z } from "zod";
import type { Lang } from "../core/knowledge/article";

/** A label in both languages, or one string used for both. */
export const localizedTextSchema = z.union([
  z.string().min(1),
  z.object({ fr: z.string().min(1), en: z.string().min(1) }).strict(),
]);
export type LocalizedText = z.infer<typeof localizedTextSchema>;

export function localize(text: LocalizedText, lang: Lang): string {
  return typeof text === "string" ? text : text[lang];
}
