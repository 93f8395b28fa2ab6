import { readFileSync } from "node:fs";
import { LineCounter, parseDocument, isNode, type Document } from "yaml";
import { ConfigError } from "../../config/env";

/** One message of a catalogue file, with where it was written. */
export interface MessageEntry {
  /** The dotted key (`transfer.pending`), whatever nesting the file used to write it. */
  key: string;
  /** The text as written, or the value found where a text was expected (reported as a problem). */
  value: unknown;
  /** The keys leading to it in the file (`["transfer", "pending"]` or `["transfer.pending"]`). */
  path: string[];
}

/**
 * The messages of a catalogue written as nested YAML maps: `transfer: { pending: "…" }` and `transfer.pending: "…"` are
 * the same key. Anything other than a map ends a key (a text, or a value reported as not a text).
 */
export function flattenMessages(tree: unknown, path: string[] = []): MessageEntry[] {
  if (tree !== null && typeof tree === "object" && !Array.isArray(tree) && !(tree instanceof Date)) {
    return Object.entries(tree as Record<string, unknown>).flatMap(([name, value]) => flattenMessages(value, [...path, name]));
  }
  return [{ key: path.join("."), value: tree, path }];
}

/** A parsed YAML catalogue: its messages, and the line of any key path for error messages. */
export interface MessageFile {
  file: string;
  entries: MessageEntry[];
  lineOf(path: Array<string | number>): number;
}

export function readMessageFile(file: string): MessageFile {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new ConfigError(`Cannot read the message catalogue ${file}: ${(error as Error).message}`);
  }
  return parseMessageFile(text, file);
}

export function parseMessageFile(text: string, file: string): MessageFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const lines = doc.errors.map((e) => `  ${file}:${lineCounter.linePos(e.pos[0]).line}: ${e.message.split("\n")[0]}`);
    throw new ConfigError(`The message catalogue is not valid YAML:\n${lines.join("\n")}`);
  }
  const tree: unknown = doc.toJS() ?? {};
  return { file, entries: flattenMessages(tree), lineOf: (path) => yamlLineOf(doc, lineCounter, path) };
}

/** The line of the deepest node of `path` present in the document (the parent when the key is missing). */
export function yamlLineOf(doc: Document, lineCounter: LineCounter, path: Array<PropertyKey>): number {
  for (let depth = path.length; depth > 0; depth--) {
    const node = doc.getIn(path.slice(0, depth) as Array<string | number>, true);
    if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
  }
  return 1;
}
