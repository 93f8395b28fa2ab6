// Type declarations for packages whose typings the compiler cannot reach with `moduleResolution: node`.
// @orama/stemmers publishes its languages only through `exports` subpaths (./french, ./english), which
// node10 resolution ignores; Node itself resolves them at run time to the CommonJS builds (dist/*.cjs).
// stopwords-iso is a plain JSON file with no typings.

declare module "@orama/stemmers/french" {
  /** Snowball French stemmer. Expects a lower-case word. */
  export function stemmer(word: string): string;
  export const language: string;
}

declare module "@orama/stemmers/english" {
  /** Snowball (Porter 2) English stemmer. Expects a lower-case word. */
  export function stemmer(word: string): string;
  export const language: string;
}

declare module "@orama/stemmers/german" {
  /** Snowball German stemmer. Expects a lower-case word. */
  export function stemmer(word: string): string;
  export const language: string;
}

declare module "@orama/stemmers/spanish" {
  /** Snowball Spanish stemmer. Expects a lower-case word. */
  export function stemmer(word: string): string;
  export const language: string;
}

declare module "@orama/stemmers/italian" {
  /** Snowball Italian stemmer. Expects a lower-case word. */
  export function stemmer(word: string): string;
  export const language: string;
}

declare module "@orama/stemmers/portuguese" {
  /** Snowball Portuguese stemmer. Expects a lower-case word. */
  export function stemmer(word: string): string;
  export const language: string;
}

declare module "@orama/stemmers/dutch" {
  /** Snowball Dutch stemmer. Expects a lower-case word. */
  export function stemmer(word: string): string;
  export const language: string;
}

declare module "stopwords-iso" {
  /** Stop words per ISO 639-1 language code. */
  const stopwords: Record<string, string[]>;
  export = stopwords;
}
