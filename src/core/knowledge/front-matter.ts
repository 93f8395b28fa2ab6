import { LineCounter, parseDocument, isMap, isNode, type YAMLError } from "yaml";

/** A Markdown file split into its YAML front matter and its body, with line numbers of the file. */
export interface FrontMatterFile {
  /** The front matter as plain data (a mapping). */
  data: Record<string, unknown>;
  /** Line in the file where a top-level front matter key is written, when present. */
  lineOf(key: string): number | undefined;
  /**
   * Line in the file of the value at `path` (a key, then list indexes or keys), or of its deepest part that is
   * written: a wrong list item is reported on its own line, not on its list's key.
   */
  lineAt(path: ReadonlyArray<PropertyKey>): number | undefined;
  /** The Markdown after the closing `---`. */
  body: string;
  /** Line in the file where the body starts. */
  bodyLine: number;
}

/** Why a file's front matter could not be read, with the line in the file and what to write instead. */
export interface FrontMatterError {
  line: number;
  message: string;
}

export type FrontMatterResult = { ok: true; file: FrontMatterFile } | { ok: false; error: FrontMatterError };

const FENCE = /^---\s*$/;
const CLOSING_FENCE = /^(---|\.\.\.)\s*$/;

/**
 * Splits `---` front matter from a Markdown file and parses it as YAML. Line numbers are lines of
 * the whole file: the YAML parser counts from the first line after the opening `---`.
 */
export function parseFrontMatter(text: string): FrontMatterResult {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  if (!FENCE.test(lines[0] ?? "")) {
    return failure(1, "the file does not start with front matter: make its first line `---`, then `title: …`, `lang: fr` or `lang: en`, `category: …`, then a line `---` and the answer below it");
  }
  const closing = lines.findIndex((line, i) => i > 0 && CLOSING_FENCE.test(line));
  if (closing < 0) {
    return failure(1, "the front matter opened on line 1 is never closed: add a line `---` after its last field, before the answer");
  }

  const lineCounter = new LineCounter();
  const yamlText = lines.slice(1, closing).join("\n");
  const doc = parseDocument(yamlText, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const fileLine = (offset: number): number => lineCounter.linePos(offset).line + 1;
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    const line = culpritLine(lines.slice(1, closing), error, lineCounter.linePos(error.pos[0]).line) + 1;
    return failure(line, `the front matter is not valid YAML (${firstLine(error.message)}): ${yamlHint(error.code)}`);
  }
  const contents = doc.contents;
  if (contents !== null && !isMap(contents)) {
    return failure(2, "the front matter must be `key: value` lines (`title: …`, `lang: …`, `category: …`), not a list or a single value");
  }

  const keyLines = new Map<string, number>();
  for (const pair of contents?.items ?? []) {
    const key = pair.key as { value?: unknown; range?: [number, number, number] } | null;
    if (key && typeof key.value === "string" && key.range) keyLines.set(key.value, fileLine(key.range[0]));
  }
  const data = (doc.toJS() ?? {}) as Record<string, unknown>;
  const lineAt = (path: ReadonlyArray<PropertyKey>): number | undefined => {
    for (let depth = path.length; depth > 0; depth--) {
      const node = doc.getIn(path.slice(0, depth) as Array<string | number>, true);
      if (isNode(node) && node.range) return fileLine(node.range[0]);
    }
    return undefined;
  };
  return {
    ok: true,
    file: {
      data,
      lineOf: (key) => keyLines.get(key),
      lineAt,
      body: lines.slice(closing + 1).join("\n"),
      bodyLine: closing + 2,
    },
  };
}

/**
 * The line (1-based, in the YAML text) a person must fix. The parser notices an unclosed quote or bracket where the
 * text runs out, lines later: the culprit is the line that opened it. A value with a second `: `, or a line indented
 * under a plain value, is reported on the line before the one to fix.
 */
function culpritLine(yamlLines: string[], error: YAMLError, noticed: number): number {
  const message = error.message;
  const firstUnbalanced = (count: (line: string) => number): number | undefined => {
    let depth = 0;
    for (let i = 0; i < noticed && i < yamlLines.length; i++) {
      const before = depth;
      depth += count(yamlLines[i]);
      if (before <= 0 && depth > 0) return i + 1;
    }
    return undefined;
  };
  if (/closing "quote/.test(message)) return firstUnbalanced((line) => (line.replace(/\\./g, "").match(/"/g)?.length ?? 0) % 2) ?? noticed;
  if (/closing 'quote/.test(message)) return firstUnbalanced((line) => (line.replace(/''/g, "").match(/'/g)?.length ?? 0) % 2) ?? noticed;
  if (/Flow (sequence|mapping)|end with a [\]}]/.test(message)) {
    const opened = firstUnbalanced((line) => (line.match(/[[{]/g)?.length ?? 0) - (line.match(/[\]}]/g)?.length ?? 0));
    if (opened !== undefined) return opened;
  }
  if (error.code === "BLOCK_AS_IMPLICIT_KEY" || error.code === "MULTILINE_IMPLICIT_KEY") {
    const line = yamlLines[noticed - 1] ?? "";
    const next = yamlLines[noticed];
    const indent = (text: string) => text.length - text.trimStart().length;
    if (!/:\s.*:\s/.test(line) && next !== undefined && next.trim() !== "" && indent(next) > indent(line)) return noticed + 1;
  }
  return noticed;
}

function failure(line: number, message: string): FrontMatterResult {
  return { ok: false, error: { line, message } };
}

function firstLine(message: string): string {
  return message.split("\n")[0].replace(/\s*at line \d+, column \d+:?$/, "");
}

/** What to check for the YAML mistakes people make in front matter. */
function yamlHint(code: string): string {
  switch (code) {
    case "DUPLICATE_KEY":
      return "each field may appear only once; keep one of them";
    case "TAB_AS_INDENT":
      return "indent with spaces, not tabs";
    case "BAD_SCALAR_START":
      return "put this value between double quotes";
    case "BLOCK_AS_IMPLICIT_KEY":
    case "MULTILINE_IMPLICIT_KEY":
      return "put a value that contains `: ` between double quotes, and start every field and every `- ` list item of a list at the same indentation";
    case "BAD_INDENT":
    case "MISSING_CHAR":
    case "UNEXPECTED_TOKEN":
      return "look for a missing closing quote or bracket, or a line indented differently from its neighbours";
    default:
      return "write each field as `key: value`, lists as `[a, b]` or as lines starting with `  - `, and put a value that contains `: ` or `#` between double quotes";
  }
}
