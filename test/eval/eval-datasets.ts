import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Article, KnowledgeSearch } from "../../src/core/knowledge/article";
import type { EvalCase } from "./retrieval-metrics";

/** A labelled set and the lines of its file that could not be read. */
export interface EvalSet {
  cases: EvalCase[];
  problems: string[];
}

/** Reads the development set: one JSON object `{"q","lang","expected","kind"}` per line. */
export function readDevelopmentSet(file: string): EvalSet {
  const cases: EvalCase[] = [];
  const problems: string[] = [];
  readFileSync(file, "utf8").split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === "") return;
    try {
      const row = JSON.parse(line) as Record<string, unknown>;
      const { q, lang, expected, kind } = row;
      if (typeof q !== "string" || (lang !== "fr" && lang !== "en") || !(typeof expected === "string" || expected === null)) {
        throw new Error('expected {"q": text, "lang": "fr"|"en", "expected": id or null, "kind": text}');
      }
      cases.push({ q, lang, expected, kind: typeof kind === "string" ? kind : expected === null ? "nomatch" : "unknown" });
    } catch (error) {
      problems.push(`${file}:${i + 1}: ${(error as Error).message}`);
    }
  });
  return { cases, problems };
}

/**
 * The AskUbuntu corpus of Braun et al. (SIGdial 2017) as a knowledge base: each accepted answer is
 * an article (body only: the corpus has no titles), each question a query whose expected article is
 * its own answer. Harder than a real knowledge base, where titles and example questions help.
 */
export function askUbuntuAsKnowledgeBase(file: string): { articles: Article[]; cases: EvalCase[] } {
  const corpus = JSON.parse(readFileSync(file, "utf8")) as {
    sentences: { text: string; intent: string; answer?: { text?: string } }[];
  };
  const articles: Article[] = [];
  const cases: EvalCase[] = [];
  corpus.sentences.forEach((sentence, i) => {
    const body = htmlToText(sentence.answer?.text ?? "");
    if (body.trim() === "") return;
    const id = `askubuntu-${i + 1}`;
    articles.push({ id, title: "", lang: "en", category: sentence.intent, tags: [], questions: [], body, status: "published", file: id });
    cases.push({ q: sentence.text, lang: "en", expected: id, kind: sentence.intent });
  });
  return { articles, cases };
}

/**
 * The public data sets (`shared/data`): `--data DIR`, else the first `shared/data` folder found
 * beside the clone or above it (a worktree sits deeper than a clone), else undefined.
 */
export function findSharedData(repoRoot: string, given?: string): string | undefined {
  if (given !== undefined) return path.resolve(given);
  for (let dir = path.dirname(repoRoot); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "shared", "data");
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * Out-of-scope queries of CLINC150 from the given splits (`oos_train`, `oos_val`, `oos_test`):
 * everyday requests an IT knowledge base has nothing for.
 */
export function clincOutOfScope(file: string, splits: readonly ("oos_train" | "oos_val" | "oos_test")[]): EvalCase[] {
  const data = JSON.parse(readFileSync(file, "utf8")) as Record<string, [string, string][]>;
  return splits.flatMap((split) => (data[split] ?? []).map(([q]) => ({ q, lang: "en" as const, expected: null, kind: `clinc150-${split}` })));
}

/**
 * Every `step`-th out-of-scope test query of CLINC150 (Larson et al., EMNLP 2019): everyday requests
 * ("what veggies can i pair with mushrooms") for which an IT knowledge base has nothing.
 */
export function clincOutOfScopeSample(file: string, step: number): EvalCase[] {
  const data = JSON.parse(readFileSync(file, "utf8")) as { oos_test: [string, string][] };
  return data.oos_test
    .filter((_, i) => i % step === 0)
    .map(([q]) => ({ q, lang: "en" as const, expected: null, kind: "clinc150-oos" }));
}

function htmlToText(html: string): string {
  return html
    .replace(/<[^>]+>/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
}

/** The kind of development questions whose article exists only in the other language. */
export const CROSS_LANGUAGE_KIND = "cross-language";

/**
 * The search for each question of a set. A cross-language question ("how do I change my voicemail
 * greeting", expecting the French article) searches the knowledge base without the expected
 * article's twin in the question's language, so that its article exists only in the other
 * language, as in a base where nobody translated it; the other twins stay, as distractors in the
 * requester's language. Every other question searches the whole base. Indexes are built once per
 * removed twin.
 */
export function searchesFor<S extends KnowledgeSearch>(articles: readonly Article[], build: (articles: readonly Article[]) => S): (c: EvalCase) => S {
  const whole = build(articles);
  const byId = new Map(articles.map((a) => [a.id, a]));
  const reduced = new Map<string, S>();
  return (c) => {
    const expected = c.expected === null ? undefined : byId.get(c.expected);
    if (c.kind !== CROSS_LANGUAGE_KIND || expected?.topic === undefined || c.lang === undefined) return whole;
    const key = `${expected.topic}|${c.lang}`;
    let search = reduced.get(key);
    if (!search) {
      search = build(articles.filter((a) => !(a.topic === expected.topic && a.lang === c.lang)));
      reduced.set(key, search);
    }
    return search;
  };
}
