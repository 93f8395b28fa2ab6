/**
 * A language guichet speaks: the name of a message catalogue (`fr`, `en`, `de`…, a lowercase ISO 639 code). Which ones
 * a desk offers is its `desk.languages`; a desk adds one by writing its catalogue (see README, "Adding a language").
 */
export type Lang = string;

/** The languages a desk offers, the first-listed (or `desk.defaultLocale`) being the default. */
export interface DeskLanguages {
  offered: readonly Lang[];
  default: Lang;
}

/** What a desk offers when its configuration says nothing: the two shipped languages, French first. */
export const SHIPPED_DEFAULT_LANGUAGES: DeskLanguages = { offered: ["fr", "en"], default: "fr" };

/** How a language is written in the configuration, a catalogue's file name and a platform's locale (`de`, `pt`). */
export const LANGUAGE_CODE = /^[a-z]{2,3}$/;

/** The languages of a desk's configuration (`desk.languages`, `desk.defaultLocale`). */
export function languagesOfDesk(desk: { languages: readonly Lang[]; defaultLocale: Lang }): DeskLanguages {
  return { offered: desk.languages, default: desk.defaultLocale };
}

let current: DeskLanguages = SHIPPED_DEFAULT_LANGUAGES;

/** Installs the desk's languages for the whole process (start-up does it with the desk's messages). */
export function useLanguages(languages: DeskLanguages = SHIPPED_DEFAULT_LANGUAGES): void {
  current = languages;
}

export function offeredLanguages(): readonly Lang[] {
  return current.offered;
}

export function defaultLanguage(): Lang {
  return current.default;
}

/** A language as its speakers name it, for a choice of languages ("Français", "English", "Deutsch"), by Intl. */
export function languageName(code: Lang): string {
  const name = new Intl.DisplayNames([code], { type: "language" }).of(code) ?? code;
  return name.charAt(0).toLocaleUpperCase(code) + name.slice(1);
}

/**
 * The offered language of a platform's locale (`de-DE`, `en_US`, `fr`), or undefined when the desk does not speak it:
 * the person then gets the desk's default or what their messages are written in.
 */
export function offeredLanguageOf(locale: string | undefined | null): Lang | undefined {
  const language = locale?.toLowerCase().split(/[-_]/)[0];
  return language !== undefined && current.offered.includes(language) ? language : undefined;
}
