import { z } from "zod";
import { offeredLanguages } from "../messages/languages";

/** Ids are used in buttons, logs and URLs: letters, digits, `-`, `_` and `.`, no spaces. */
export const ARTICLE_ID_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N}._-]*$/u;

/** YAML reads `365` or `yes` as a number or a boolean; in front matter they are text. */
const scalarText = z.union([z.string(), z.number(), z.boolean()]).transform((value) => String(value).trim());
const requiredText = scalarText.pipe(z.string().min(1));
const textList = z.array(scalarText).nullish().transform((items) => unique(items ?? []));

/** The front matter fields of an article, validated and normalised (lists trimmed and de-duplicated). */
export const articleFrontMatterSchema = z.object({
  id: scalarText.pipe(z.string().regex(ARTICLE_ID_PATTERN)).optional(),
  title: requiredText,
  // The desk's languages (installed at start-up, before the base is read): an article nobody is answered in is a mistake.
  lang: z.string().trim().toLowerCase().refine((lang) => offeredLanguages().includes(lang)),
  category: requiredText,
  // A single string is accepted for tags ("tags: vpn, remote work") and split on commas.
  tags: z.union([scalarText.transform((text) => text.split(",")), z.array(scalarText)]).nullish().transform((items) => unique(items ?? [])),
  questions: textList,
  status: z.enum(["published", "draft"]).optional(),
  /** Twins: a shared topic id, or the id of the article this one translates. */
  topic: scalarText.pipe(z.string().regex(ARTICLE_ID_PATTERN)).optional(),
  translationOf: scalarText.pipe(z.string().regex(ARTICLE_ID_PATTERN)).optional(),
  /** The ticket a draft was saved from (written by guichet). */
  fromTicket: z.number().int().positive().optional(),
});

export type ArticleFrontMatter = z.infer<typeof articleFrontMatterSchema>;

/** "`lang: fr` or `lang: en`", with the desk's languages. */
function languageChoices(): string {
  const choices = offeredLanguages().map((lang) => `\`lang: ${lang}\``);
  return choices.length > 1 ? `${choices.slice(0, -1).join(", ")} or ${choices.at(-1)}` : choices.join("");
}

/** The fields people write, for messages. */
export type FrontMatterField = keyof ArticleFrontMatter;

/**
 * A message for the person who wrote the article: what is wrong with a field and what to write
 * instead. `value` is the raw YAML value (undefined when the field is absent).
 */
export function describeFieldProblem(field: string, value: unknown): string {
  const absent = value === undefined || value === null || (typeof value === "string" && value.trim() === "");
  switch (field) {
    case "title":
      return absent
        ? "the title is missing: add a line `title: …` with the short question or task the article answers, e.g. `title: Reset a forgotten password`"
        : "the title must be one line of text, e.g. `title: Reset a forgotten password`";
    case "lang":
      return absent
        ? `the language is missing: add ${languageChoices()}`
        : `the language ${JSON.stringify(value)} is not one the desk answers in: write ${languageChoices()} (or add it to desk.languages)`;
    case "category":
      return absent
        ? "the category is missing: add `category: …` with a category of the desk configuration, e.g. `category: accounts`"
        : "the category must be one word of text, e.g. `category: accounts`";
    case "tags":
      return "tags must be a list of words or short phrases, e.g. `tags: [vpn, remote work]`";
    case "questions":
      return "questions must be a list of example phrasings, one per line under `questions:`, each starting with `  - `";
    case "id":
      return `the id ${JSON.stringify(value)} may only contain letters, digits, \`-\`, \`_\` and \`.\`, without spaces (e.g. \`id: vpn-install\`); or remove the line to use the file name`;
    case "topic":
      return `the topic ${JSON.stringify(value)} may only contain letters, digits, \`-\`, \`_\` and \`.\`, without spaces (e.g. \`topic: vpn-install\`): articles that say the same thing in French and English share it`;
    case "translationOf":
      return `translationOf ${JSON.stringify(value)} must be the id of the article this one translates (letters, digits, \`-\`, \`_\` and \`.\`, e.g. \`translationOf: fr-vpn-installation\`)`;
    case "fromTicket":
      return `fromTicket ${JSON.stringify(value)} must be the number of the ticket the article was saved from (e.g. \`fromTicket: 42\`), or remove the line`;
    case "status":
      return `the status ${JSON.stringify(value)} is not valid: write \`status: draft\` or \`status: published\`, or remove the line`;
    default:
      return `the field \`${field}\` is not valid`;
  }
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items.map((item) => item.trim()).filter((item) => item !== ""))];
}
