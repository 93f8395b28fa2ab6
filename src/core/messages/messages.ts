import { IntlMessageFormat } from "intl-messageformat";
import { logger } from "../../logger";
import type { MessageOverrides } from "./message-overrides";
import { shippedMessages, type MessageTable } from "./shipped-messages";

/** Values a message is formatted with: text, numbers (plurals, `{n, number}`) and instants (`{at, date, …}`). */
export type MessageValues = Record<string, string | number | Date>;

/**
 * The messages of one language: the desk's override of a key if it has one, else the shipped text. Formatting uses
 * the platform's Intl (plural rules, numbers, dates) for the language.
 */
export class Messages {
  private readonly compiled = new Map<string, IntlMessageFormat>();

  constructor(
    readonly lang: string,
    private readonly shipped: MessageTable,
    private readonly overrides: Map<string, string>,
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
export function useMessages(desk: MessageOverrides = new Map()): void {
  overrides = desk;
  byLang.clear();
  generation++;
}

/** The messages of `lang`, shipped text under the desk's overrides. */
export function messagesOf(lang: string): Messages {
  let messages = byLang.get(lang);
  if (!messages) {
    const shipped = shippedMessages().get(lang);
    if (!shipped) throw new Error(`No shipped message catalogue for "${lang}"`);
    messages = new Messages(lang, shipped, overrides.get(lang) ?? new Map());
    byLang.set(lang, messages);
  }
  return messages;
}

/** Changes each time `useMessages` does: built texts are rebuilt on the next use. */
export function messagesGeneration(): number {
  return generation;
}
