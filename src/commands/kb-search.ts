import path from "node:path";
import readline from "node:readline";
import { parseArgs } from "node:util";
import type { ArticleProblem, KnowledgeSearch, Lang, SearchHit } from "../core/knowledge/article";
import { loadKnowledgeBase } from "../core/knowledge/kb-loader";
import { SearchIndex } from "../core/knowledge/search-index";
import { LANGUAGE_CODE } from "../core/messages/languages";

/** The streams a command reads and writes, so tests can drive it in memory. */
export interface CommandIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** The knowledge base shipped with guichet (this file compiles to dist/src/commands/). */
export const BUNDLED_KB_DIR = path.resolve(__dirname, "..", "..", "..", "kb");

const MAX_LIMIT = 50;

export const KB_SEARCH_USAGE = `Usage: guichet kb search "TEXT" [--kb DIR] [--limit N] [--json] [--lang fr|en|…]
       guichet kb search --batch [--kb DIR] [--limit N] [--lang fr|en|…]  < questions.txt

Prints the knowledge base articles guichet would suggest for TEXT, best first, or nothing when no
article is relevant enough (the bot then offers to open a ticket).

  --kb DIR     knowledge base folder (default: GUICHET_KB_DIR, else the bundled kb/)
  --limit N    at most N articles, 1 to ${MAX_LIMIT} (default 3)
  --json       print [{"id","title","score"}] instead of a list
  --lang L     the requester's language (fr, en, de…): its articles come first
  --batch      read one question per line on standard input, print one JSON array per line
`;

interface KbSearchArgs {
  text: string;
  kb: string;
  limit: number;
  json: boolean;
  batch: boolean;
  lang?: Lang;
}

/**
 * `guichet kb search …`: `argv` holds the arguments after `kb search`. Returns the exit code:
 * 0 when the search ran (even with no result), 1 when the knowledge base folder cannot be read,
 * 2 for bad arguments. Problems in article files go to stderr as `path:line: message`.
 */
export async function runKbSearch(argv: string[], io: CommandIo): Promise<number> {
  const args = parseKbSearchArgs(argv);
  if (typeof args === "string") {
    io.stderr.write(`guichet kb search: ${args}\n\n${KB_SEARCH_USAGE}`);
    return 2;
  }

  let loaded;
  try {
    loaded = await loadKnowledgeBase(args.kb);
  } catch (error) {
    io.stderr.write(`guichet kb search: cannot read the knowledge base folder ${args.kb} (${(error as NodeJS.ErrnoException).code ?? String(error)})\n`);
    return 1;
  }
  for (const problem of loaded.problems) io.stderr.write(`${formatProblem(args.kb, problem)}\n`);
  const index = SearchIndex.build(loaded.articles);

  if (args.batch) {
    await searchEachLine(index, args, io);
    return 0;
  }
  const hits = index.search(args.text, { limit: args.limit, lang: args.lang });
  io.stdout.write(args.json ? `${JSON.stringify(toJson(hits))}\n` : formatHits(args.text, hits));
  return 0;
}

/** The parsed arguments, or a message saying what is wrong with them. */
export function parseKbSearchArgs(argv: string[]): KbSearchArgs | string {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        kb: { type: "string" },
        limit: { type: "string" },
        json: { type: "boolean" },
        batch: { type: "boolean" },
        lang: { type: "string" },
      },
    });
  } catch (error) {
    return (error as Error).message;
  }
  const { values, positionals } = parsed;
  // Unquoted words are one question: `guichet kb search mot de passe oublié`.
  const text = positionals.join(" ").trim();
  if (values.batch && text !== "") return "--batch reads the questions on standard input: give no TEXT";
  if (!values.batch && text === "") return "give the question to search for, in quotes";
  const limit = values.limit === undefined ? 3 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) return `--limit must be a whole number from 1 to ${MAX_LIMIT}`;
  if (values.lang !== undefined && !LANGUAGE_CODE.test(values.lang)) return "--lang must be a language code such as fr, en or de";
  return {
    text,
    // Like the desk: --kb, else GUICHET_KB_DIR (from the environment or .env), else the bundled kb/.
    kb: path.resolve(values.kb ?? (process.env.GUICHET_KB_DIR?.trim() || BUNDLED_KB_DIR)),
    limit,
    json: values.json ?? false,
    batch: values.batch ?? false,
    lang: values.lang as Lang | undefined,
  };
}

async function searchEachLine(index: KnowledgeSearch, args: KbSearchArgs, io: CommandIo): Promise<void> {
  const lines = readline.createInterface({ input: io.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    // One output line per input line, empty ones included, so answers stay aligned with questions.
    const hits = line.trim() === "" ? [] : index.search(line, { limit: args.limit, lang: args.lang });
    io.stdout.write(`${JSON.stringify(toJson(hits))}\n`);
  }
}

function toJson(hits: readonly SearchHit[]): { id: string; title: string; score: number }[] {
  return hits.map((hit) => ({ id: hit.article.id, title: hit.article.title, score: Math.round(hit.score * 1000) / 1000 }));
}

function formatHits(text: string, hits: readonly SearchHit[]): string {
  if (hits.length === 0) return `No article is relevant enough for "${text}": the bot would offer to open a ticket.\n`;
  const idWidth = Math.max(...hits.map((h) => h.article.id.length));
  return hits
    .map((hit, i) => `${i + 1}. ${hit.score.toFixed(2)}  ${hit.article.id.padEnd(idWidth)}  ${hit.article.title} (${hit.article.lang})\n`)
    .join("");
}

function formatProblem(kbDir: string, problem: ArticleProblem): string {
  const file = path.relative(process.cwd(), path.join(kbDir, problem.file)) || problem.file;
  return `${file}${problem.line === undefined ? "" : `:${problem.line}`}: ${problem.message}`;
}
