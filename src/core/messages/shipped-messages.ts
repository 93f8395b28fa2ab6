import { readdirSync } from "node:fs";
import path from "node:path";
import { ConfigError, PACKAGE_ROOT } from "../../config/env";
import { readMessageFile } from "./message-file";
import { parseMessage } from "./message-syntax";

/** The catalogues shipped with guichet, one `<language>.yaml` per language (read from the package, not from dist/). */
export const SHIPPED_MESSAGES_DIR = path.join(PACKAGE_ROOT, "src", "core", "messages", "catalogues");

/** One message: its ICU text and the arguments it takes. */
export interface Message {
  text: string;
  args: Set<string>;
}

/** A language's messages by dotted key. */
export type MessageTable = Map<string, Message>;

/**
 * Reads and checks every catalogue of `dir`: each message parses, and each file has the same keys with the same
 * arguments (the code passes one set of values whatever the language). A problem names the file, line and key.
 */
export function readCatalogues(dir: string): Map<string, MessageTable> {
  const files = readdirSync(dir).filter((name) => name.endsWith(".yaml")).sort();
  const tables = new Map<string, MessageTable>();
  const problems: string[] = [];
  const lines = new Map<string, (key: string) => string>();
  for (const name of files) {
    const file = readMessageFile(path.join(dir, name));
    const table: MessageTable = new Map();
    lines.set(name, (key) => `${file.file}:${file.lineOf(file.entries.find((e) => e.key === key)?.path ?? [])}`);
    for (const entry of file.entries) {
      const where = `${file.file}:${file.lineOf(entry.path)}: ${entry.key}`;
      if (typeof entry.value !== "string") {
        problems.push(`${where}: a message must be a text`);
        continue;
      }
      const syntax = parseMessage(entry.value);
      if (!syntax.ok) problems.push(`${where}: ${syntax.problem} at line ${syntax.line}, column ${syntax.column} of the message`);
      else table.set(entry.key, { text: entry.value, args: syntax.args });
    }
    tables.set(path.basename(name, ".yaml"), table);
  }
  const [first, ...others] = [...tables.entries()];
  for (const [lang, table] of others) {
    for (const [key, message] of first[1]) {
      const theirs = table.get(key);
      if (!theirs) problems.push(`${dir}/${lang}.yaml: ${key}: missing (${first[0]}.yaml has it)`);
      else if (!sameArgs(message.args, theirs.args)) {
        problems.push(`${lines.get(`${lang}.yaml`)?.(key)}: ${key}: takes ${argList(theirs.args)} where ${first[0]}.yaml takes ${argList(message.args)}`);
      }
    }
    for (const key of table.keys()) if (!first[1].has(key)) problems.push(`${lines.get(`${lang}.yaml`)?.(key)}: ${key}: not in ${first[0]}.yaml`);
  }
  if (problems.length > 0) throw new ConfigError(`The message catalogues in ${dir} have errors:\n  ${problems.join("\n  ")}`);
  return tables;
}

function sameArgs(a: Set<string>, b: Set<string>): boolean {
  return a.size === b.size && [...a].every((name) => b.has(name));
}

/** `{id}, {title}`, or "no placeholder". */
export function argList(args: Set<string>): string {
  return args.size === 0 ? "no placeholder" : [...args].sort().map((name) => `{${name}}`).join(", ");
}

let shipped: Map<string, MessageTable> | null = null;

/** The shipped catalogues, read and checked once. */
export function shippedMessages(): Map<string, MessageTable> {
  shipped ??= readCatalogues(SHIPPED_MESSAGES_DIR);
  return shipped;
}
