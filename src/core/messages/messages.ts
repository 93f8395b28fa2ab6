import { IntlMessageFormat } from "intl-messageformat";
import { logger } from "../../logger";
import { defaultLanguage, offeredLanguages, useLanguages, type DeskLanguages } from "./languages";
import type { MessageOverrides } from "./message-overrides";
import { shippedMessages, type MessageTable } from "./shipped-messages";

/** Values a message is formatted with: text, numbers (plurals, `{n, number}`) and instants (`{at, date, …}`). */
export type MessageValues = Record<string, string | number | Date>;

/**
 * The messages of one language: the desk's override of a key if it has one, else the shipped text, else (a language
 * the desk added and did not finish) the default language's. Formatting uses the platform's Intl (plural rules,
 * numbers, dates) for the language.
 */
export class Messages {
  private readonly compiled = new Map<string, IntlMessageFormat>();

  constructor(
    readonly lang: string,
    private readonly shipped: MessageTable,
    private readonly overrides: Map<string, string>,
    private readonly fallback?: Messages,
  ) {}

  /**
   * The message `key` with `values` (instants shown in `timeZone`, the desk's); a key the shipped catalogue lacks is a
   * mistake in the code.
   */
  format(key: string, values: MessageValues = {}, timeZone?: string): string {
    const own = this.overrides.get(key);
    if (own !== undefined) {
      try {
        return this.formatText(`override:${key}`, own, values, timeZone);
      } catch (error) {
        // Checked at start-up, an override can still meet a value it did not expect (`{n, plural}` on a text): the
        // shipped sentence is better than none.
        logger.warn({ event: "messages.override_failed", lang: this.lang, key, err: error }, `the desk's message ${key} cannot be formatted: the shipped text is used`);
      }
    }
    const message = this.shipped.get(key);
    if (!message && this.fallback) return this.fallback.format(key, values, timeZone);
    if (!message) throw new Error(`No message "${key}" in the ${this.lang} catalogue`);
    return this.formatText(key, message.text, values, timeZone);
  }

  private formatText(key: string, text: string, values: MessageValues, timeZone: string | undefined): string {
    const cacheKey = `${key}@${timeZone ?? ""}`;
    let format = this.compiled.get(cacheKey);
    if (!format) {
      format = new IntlMessageFormat(text, INTL_LOCALES[this.lang] ?? this.lang, undefined, {
        ignoreTag: true,
        formatters: {
          getNumberFormat: (locales, options) => new Intl.NumberFormat(locales, options as Intl.NumberFormatOptions),
          getDateTimeFormat: (locales, options) => new Intl.DateTimeFormat(locales, { timeZone, ...options }),
          getPluralRules: (locales, options) => new Intl.PluralRules(locales, options),
        },
      });
      this.compiled.set(cacheKey, format);
    }
    return String(format.format(values));
  }
}

/** The Intl locale of a catalogue where it is not its name: guichet's English is British (1 January, 24-hour clock). */
const INTL_LOCALES: Record<string, string> = { en: "en-GB" };

let overrides: MessageOverrides = new Map();
let generation = 0;
const byLang = new Map<string, Messages>();

/**
 * Installs a desk's wording for the whole process. Sentences are asked for everywhere (`texts(lang)`), so the desk's
 * overrides live here rather than being passed down to every module; start-up installs them once.
 */
export function useMessages(desk: MessageOverrides = new Map(), languages?: DeskLanguages): void {
  overrides = desk;
  useLanguages(languages);
  byLang.clear();
  generation++;
  warnIncompleteLanguages();
}

/**
 * A language the desk added says in the fallback language what its catalogue lacks (a friendlier choice than
 * refusing to start over one sentence); the desk is told once, at start-up, which keys.
 */
function warnIncompleteLanguages(): void {
  const shipped = shippedMessages();
  const reference = shipped.get(fallbackLanguage());
  for (const lang of offeredLanguages()) {
    if (shipped.has(lang) || !reference) continue;
    const own = overrides.get(lang) ?? new Map<string, string>();
    const missing = [...reference.keys()].filter((key) => !own.has(key));
    if (missing.length > 0) {
      logger.warn(
        { event: "messages.incomplete_language", lang, fallback: fallbackLanguage(), missing: missing.length, keys: missing.slice(0, 20) },
        `the desk's ${lang} catalogue lacks ${missing.length} message(s): they are said in ${fallbackLanguage()}`,
      );
    }
  }
}

/**
 * The messages of `lang`, shipped text under the desk's overrides. A language without a shipped catalogue is the
 * desk's own (checked at start-up): what its file lacks is said in the default language.
 */
export function messagesOf(lang: string): Messages {
  let messages = byLang.get(lang);
  if (!messages) {
    const shipped = shippedMessages().get(lang);
    const own = overrides.get(lang);
    if (!shipped && !own) throw new Error(`No message catalogue for "${lang}"`);
    messages = new Messages(lang, shipped ?? new Map(), own ?? new Map(), shipped ? undefined : messagesOf(fallbackLanguage()));
    byLang.set(lang, messages);
  }
  return messages;
}

/**
 * The language a desk's own catalogue falls back to: the default one, or when the desk wrote that one too, the first
 * offered language guichet ships.
 */
export function fallbackLanguage(): string {
  const shipped = shippedMessages();
  return [defaultLanguage(), ...offeredLanguages()].find((lang) => shipped.has(lang)) ?? [...shipped.keys()][0];
}

/** Changes each time `useMessages` does: built texts are rebuilt on the next use. */
export function messagesGeneration(): number {
  return generation;
}
