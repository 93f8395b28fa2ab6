import { z } from "zod";
import type { Lang } from "../core/knowledge/article";
import { defaultLanguage, LANGUAGE_CODE } from "../core/messages/languages";

/**
 * A label in French and English, and any other language the desk offers (`de: …`), or one string used for all.
 */
export const localizedTextSchema = z.union([
  z.string().min(1),
  z
    .object({ fr: z.string().min(1), en: z.string().min(1) })
    // Checked by hand rather than by a catchall type: a key that is no language (half a label cut by an unquoted
    // comma) is named as such instead of zod's "Invalid input" for the whole union.
    .catchall(z.unknown())
    .superRefine((text, ctx) => {
      for (const [key, value] of Object.entries(text)) {
        if (!LANGUAGE_CODE.test(key)) ctx.addIssue({ code: "custom", path: [key], message: `Unrecognized key: "${key}" (a label is written per language: fr, en, de…)` });
        else if (typeof value !== "string" || value === "") ctx.addIssue({ code: "custom", path: [key], message: "write the label in this language as a text" });
      }
    }),
  // The check above makes every key a language with a text; a transform to say so would hide its issues in the union.
]) as unknown as z.ZodType<LocalizedText>;
export type LocalizedText = string | ({ fr: string; en: string } & Record<string, string>);

/** The text in `lang`; a label the desk did not write in a language it added is read in the default language. */
export function localize(text: LocalizedText, lang: Lang): string {
  return typeof text === "string" ? text : (text[lang] ?? text[defaultLanguage()] ?? text.en);
}

/** Every way a text is written, whatever the language (to check its placeholders). */
export function localizedVariants(text: LocalizedText): string[] {
  return typeof text === "string" ? [text] : Object.values(text);
}
