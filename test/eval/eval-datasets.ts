import { readFileSync } from "node:fs";
import type { Article } from "../../src/core/knowledge/article";
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
