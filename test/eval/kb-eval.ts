// `npm run eval:kb`: retrieval quality of guichet's knowledge search against plain fuse.js, on the
// development set (test/fixtures/kb-eval.jsonl over kb/) and two public cross-checks.
// `--strict` makes the exit code 1 when a target of issue 6 is missed.
import { existsSync } from "node:fs";
import path from "node:path";
import type { Article, KnowledgeSearch } from "../../src/core/knowledge/article";
import { FuseBaseline } from "../../src/core/knowledge/fuse-baseline";
import { loadKnowledgeBase } from "../../src/core/knowledge/kb-loader";
import { DEFAULT_TUNING, SearchIndex } from "../../src/core/knowledge/search-index";
import { askUbuntuAsKnowledgeBase, clincOutOfScopeSample, readDevelopmentSet } from "./eval-datasets";
import { measure, type EvalCase, type RetrievalMetrics } from "./retrieval-metrics";

/** This file runs from dist/test/eval/. */
const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");
const KB_DIR = path.join(REPO_ROOT, "kb");
const DEV_SET = path.join(REPO_ROOT, "test", "fixtures", "kb-eval.jsonl");
/** Public data sets live beside the clone (`../shared/data`), in CI as on a developer's machine. */
const SHARED_DATA = path.resolve(REPO_ROOT, "..", "shared", "data");
const ASK_UBUNTU = path.join(SHARED_DATA, "nlu-evaluation-corpora", "AskUbuntuCorpus.json");
const CLINC150 = path.join(SHARED_DATA, "clinc150", "data_full.json");
/** Every fifth CLINC150 out-of-scope test query: 200 of 1 000, enough for a rate within a few points. */
const CLINC_STEP = 5;

const TARGETS = { hitAt3: 0.9, mrr: 0.8, noSuggestion: 0.9 };

interface Engine {
  name: string;
  build(articles: readonly Article[]): KnowledgeSearch;
}

const ENGINES: Engine[] = [
  { name: "guichet (BM25F, stems, synonyms, fuse.js typo correction, cut-off)", build: (a) => SearchIndex.build(a) },
  { name: "fuse.js 7.5 baseline (title/tags/questions/body, ignoreLocation, threshold 0.4)", build: (a) => FuseBaseline.build(a) },
];

async function main(): Promise<number> {
  const strict = process.argv.includes("--strict");
  const { articles, problems } = await loadKnowledgeBase(KB_DIR);
  for (const p of problems) console.error(`kb/${p.file}${p.line ? `:${p.line}` : ""}: ${p.message}`);
  const published = articles.filter((a) => a.status === "published");

  let targetsMet = true;
  if (existsSync(DEV_SET)) {
    const dev = readDevelopmentSet(DEV_SET);
    for (const p of dev.problems) console.error(p);
    const known = new Set(published.map((a) => a.id));
    const unknownIds = [...new Set(dev.cases.map((c) => c.expected).filter((id): id is string => id !== null && !known.has(id)))];
    const answerable = dev.cases.filter((c) => c.expected !== null).length;
    console.log(`Development set: ${path.relative(REPO_ROOT, DEV_SET)}, ${dev.cases.length} questions (${answerable} with an expected article, ${dev.cases.length - answerable} that should match nothing), over kb/ (${published.length} published articles)`);
    if (unknownIds.length > 0) console.log(`  note: ${unknownIds.length} expected ids are not in kb/ (counted as misses): ${unknownIds.join(", ")}`);
    const results = ENGINES.map((engine) => report(engine, published, dev.cases));
    targetsMet = printTargets(results[0]);
    printCutOffTradeOff(published, dev.cases);
  } else {
    console.log(`Development set ${path.relative(REPO_ROOT, DEV_SET)} not found: skipped.`);
  }

  if (existsSync(ASK_UBUNTU)) {
    const askUbuntu = askUbuntuAsKnowledgeBase(ASK_UBUNTU);
    console.log(`\nCross-check 1: AskUbuntu corpus, Braun et al., "Evaluating Natural Language Understanding Services for Conversational`);
    console.log(`Question Answering Systems", SIGdial 2017 (sebischair/NLU-Evaluation-Corpora, CC BY-SA 3.0): ${askUbuntu.articles.length} accepted`);
    console.log(`answers as untitled articles, each question expecting its own answer. No targets: a check that the tuning carries over.`);
    // Untitled answers are matched on their bodies only, which the cut-off trusts least: the ranking
    // without the cut-off shows whether the tuning carries over to other text.
    const uncut: Engine = { name: "guichet ranking without cut-off (minScore 0)", build: (a) => SearchIndex.build(a, { minScore: 0 }) };
    for (const engine of [...ENGINES, uncut]) report(engine, askUbuntu.articles, askUbuntu.cases);
  } else {
    console.log(`\nCross-check 1 skipped: ${ASK_UBUNTU} not found (shared/ is expected beside the clone).`);
  }

  if (existsSync(CLINC150)) {
    const oos = clincOutOfScopeSample(CLINC150, CLINC_STEP);
    console.log(`\nCross-check 2: CLINC150 out-of-scope test queries, Larson et al., "An Evaluation Dataset for Intent Classification and`);
    console.log(`Out-of-Scope Prediction", EMNLP 2019 (clinc/oos-eval, CC BY 3.0): every ${CLINC_STEP}th of oos_test (${oos.length} everyday requests) against kb/.`);
    for (const engine of ENGINES) {
      const search = engine.build(published);
      const all = measure(search, oos).get("all") as RetrievalMetrics;
      console.log(`  ${engine.name}: no suggestion for ${percent(1 - all.falseSuggestionRate)} (${Math.round(all.falseSuggestionRate * all.noMatch)} false suggestions)`);
    }
  } else {
    console.log(`\nCross-check 2 skipped: ${CLINC150} not found (shared/ is expected beside the clone).`);
  }
  return strict && !targetsMet ? 1 : 0;
}

/** Prints one engine's table for a set of cases and returns its metrics. */
function report(engine: Engine, articles: readonly Article[], cases: readonly EvalCase[]): Map<string, RetrievalMetrics> {
  const started = performance.now();
  const search = engine.build(articles);
  const buildMs = performance.now() - started;
  const metrics = measure(search, cases);
  console.log(`\n  ${engine.name} (index built in ${buildMs.toFixed(0)} ms)`);
  console.log(`  ${"kind".padEnd(22)} ${"n".padStart(4)} ${"hit@1".padStart(6)} ${"hit@3".padStart(6)} ${"MRR".padStart(6)}   ${"no-match".padStart(8)} ${"false sugg.".padStart(11)}   ${"ms/q".padStart(6)}`);
  for (const [kind, m] of metrics) {
    if (kind === "all") console.log(`  ${"-".repeat(84)}`);
    console.log(
      `  ${kind.padEnd(22)} ${String(m.answerable).padStart(4)} ${num(m.hitAt1)} ${num(m.hitAt3)} ${num(m.mrr)}   ${String(m.noMatch).padStart(8)} ${percent(m.falseSuggestionRate).padStart(11)}   ${m.meanMs.toFixed(2).padStart(6)}`,
    );
  }
  return metrics;
}

function printTargets(metrics: Map<string, RetrievalMetrics>): boolean {
  const all = metrics.get("all") as RetrievalMetrics;
  const noSuggestion = 1 - all.falseSuggestionRate;
  const checks = [
    { label: `hit@3 ≥ ${TARGETS.hitAt3}`, value: num(all.hitAt3).trim(), met: all.hitAt3 >= TARGETS.hitAt3 },
    { label: `MRR ≥ ${TARGETS.mrr}`, value: num(all.mrr).trim(), met: all.mrr >= TARGETS.mrr },
    { label: `no suggestion for ≥ ${TARGETS.noSuggestion * 100} % of no-match questions`, value: percent(noSuggestion), met: noSuggestion >= TARGETS.noSuggestion },
  ];
  console.log(`\n  Targets (issue 6), guichet search: ${checks.map((c) => `${c.label}: ${c.value} ${c.met ? "met" : "NOT MET"}`).join("; ")}`);
  return checks.every((c) => c.met);
}

/**
 * The cut-off decides between two of the targets: the lower it is, the more right articles reach
 * the top 3, and the more questions the base cannot answer get a suggestion anyway. Printed so
 * that a change of the default is made with the whole curve in view.
 */
function printCutOffTradeOff(articles: readonly Article[], cases: readonly EvalCase[]): void {
  console.log(`\n  Cut-off trade-off, guichet search on the development set (default minScore ${DEFAULT_TUNING.minScore}):`);
  console.log(`  ${"minScore".padEnd(9)} ${"hit@1".padStart(6)} ${"hit@3".padStart(6)} ${"MRR".padStart(6)}  ${"no suggestion for no-match".padStart(27)}`);
  for (const minScore of [0.4, 0.45, 0.5, 0.55, 0.6]) {
    const all = measure(SearchIndex.build(articles, { minScore }), cases).get("all") as RetrievalMetrics;
    console.log(`  ${minScore.toFixed(2).padEnd(9)} ${num(all.hitAt1)} ${num(all.hitAt3)} ${num(all.mrr)}  ${percent(1 - all.falseSuggestionRate).padStart(27)}`);
  }
}

function num(value: number): string {
  return (Number.isNaN(value) ? "–" : value.toFixed(3)).padStart(6);
}

function percent(value: number): string {
  return Number.isNaN(value) ? "–" : `${(value * 100).toFixed(1)} %`;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
