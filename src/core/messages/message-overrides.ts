import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { ConfigError } from "../../config/env";
import { flattenMessages, readMessageFile, type MessageEntry } from "./message-file";
import { LANGUAGE_CODE } from "./languages";
import { parseMessage } from "./message-syntax";
import { argList, shippedMessages } from "./shipped-messages";

/** A desk's own wording: by language, the texts that replace shipped messages (dotted key → ICU text). */
export type MessageOverrides = Map<string, Map<string, string>>;

/** What is wrong with one override (`message` does not repeat the key), and at which key path of its file. */
export interface OverrideProblem {
  key: string;
  path: string[];
  message: string;
}

/**
 * Checks a desk's messages for `lang` against the shipped catalogue: every key must exist there, every text must be
 * ICU MessageFormat and use only the placeholders the shipped message has (the code gives no other value). A language
 * guichet does not ship is a catalogue the desk adds: its keys and placeholders are those every shipped one has.
 */
export function checkOverrides(lang: string, entries: MessageEntry[]): OverrideProblem[] {
  if (!LANGUAGE_CODE.test(lang)) {
    return [{ key: lang, path: [], message: `"${lang}" is not a language code: name a catalogue by its two- or three-letter ISO 639 code (de, es, it…)` }];
  }
  const catalogues = shippedMessages();
  const reference = catalogues.has(lang) ? lang : [...catalogues.keys()][0];
  const shipped = catalogues.get(reference) ?? new Map();
  const problems: OverrideProblem[] = [];
  for (const entry of entries) {
    const message = shipped.get(entry.key);
    if (!message) {
      problems.push({ key: entry.key, path: entry.path, message: `unknown message key (the keys are those of src/core/messages/catalogues/${reference}.yaml)` });
    } else if (typeof entry.value !== "string") {
      problems.push({ key: entry.key, path: entry.path, message: "a message must be a text" });
    } else {
      const syntax = parseMessage(entry.value);
      if (!syntax.ok) {
        problems.push({ key: entry.key, path: entry.path, message: `${syntax.problem} at line ${syntax.line}, column ${syntax.column} of the message` });
        continue;
      }
      const unknown = [...syntax.args].filter((name) => !message.args.has(name));
      if (unknown.length > 0) {
        problems.push({
          key: entry.key,
          path: entry.path,
          message: `unknown placeholder ${argList(new Set(unknown))}: this message has ${argList(message.args)}`,
        });
      }
    }
  }
  return problems;
}

/** The overrides of a desk: `<language>.yaml` files of GUICHET_MESSAGES_DIR, then the `messages:` of its configuration. */
export function loadMessageOverrides(configMessages: Record<string, Record<string, unknown>>, dir?: string): MessageOverrides {
  const overrides: MessageOverrides = new Map();
  const add = (lang: string, entries: MessageEntry[]) => {
    const table = overrides.get(lang) ?? new Map<string, string>();
    for (const entry of entries) table.set(entry.key, entry.value as string);
    overrides.set(lang, table);
  };
  if (dir) {
    if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
      throw new ConfigError(`GUICHET_MESSAGES_DIR: the folder ${path.resolve(dir)} does not exist: create it with a fr.yaml, en.yaml (or a new language's de.yaml…) of your messages, or leave it empty.`);
    }
    const problems: string[] = [];
    for (const name of readdirSync(dir).filter((n) => n.endsWith(".yaml")).sort()) {
      const file = readMessageFile(path.join(dir, name));
      const lang = path.basename(name, ".yaml");
      const found = checkOverrides(lang, file.entries);
      problems.push(...found.map((p) => `${file.file}:${file.lineOf(p.path)}: ${p.key}: ${p.message}`));
      if (found.length === 0) add(lang, file.entries);
    }
    if (problems.length > 0) throw new ConfigError(`The desk's messages (GUICHET_MESSAGES_DIR) have errors:\n  ${problems.join("\n  ")}`);
  }
  // The configuration was checked with the rest of it (its errors name its own file and line).
  for (const [lang, tree] of Object.entries(configMessages)) add(lang, flattenMessages(tree));
  return overrides;
}
