import { DateTime } from "luxon";
import { Between, type EntityManager } from "typeorm";
import { KnowledgeUsage } from "../../store/entities/KnowledgeUsage";
import type { Article } from "../knowledge/article";
import { foldText } from "../text-folding";

export interface ArticleUsage {
  id: string;
  title: string;
  shown: number;
  solved: number;
  notSolved: number;
}

export interface KnowledgeUsageReport {
  since: Date;
  until: Date;
  /** Questions the knowledge base answered (a "solved" click): deflections. */
  deflections: number;
  articles: ArticleUsage[];
  /** Shown at least `minShown` times and never solved anything: to rewrite or retire. */
  neverHelp: ArticleUsage[];
  /** Published articles nobody was shown in the period. */
  neverShown: Array<{ id: string; title: string }>;
  /** Questions that found nothing, grouped by their folded text, most asked first: the missing articles. */
  missing: Array<{ question: string; count: number; last: Date }>;
}

/**
 * What the knowledge base did in a period, for the monthly review the seeds describe ("identifier d'éventuelles
 * réponses types"): which articles help, which never do, and which questions had no article at all.
 */
export async function knowledgeUsageReport(
  manager: EntityManager,
  articles: readonly Article[],
  since: Date,
  until: Date,
  minShown = 3,
): Promise<KnowledgeUsageReport> {
  const rows = await manager.find(KnowledgeUsage, { where: { at: Between(since, until) }, order: { id: "ASC" } });
  const byArticle = new Map<string, ArticleUsage>();
  const titles = new Map(articles.map((a) => [a.id, a.title]));
  const missing = new Map<string, { question: string; count: number; last: Date }>();
  let deflections = 0;

  for (const row of rows) {
    if (row.event === "no_match") {
      const question = (row.query ?? "").trim();
      const key = foldText(question).replace(/\s+/g, " ");
      const entry = missing.get(key) ?? { question, count: 0, last: row.at };
      entry.count++;
      entry.last = row.at;
      missing.set(key, entry);
      continue;
    }
    if (!row.articleId) continue;
    const usage = byArticle.get(row.articleId) ?? { id: row.articleId, title: titles.get(row.articleId) ?? row.articleId, shown: 0, solved: 0, notSolved: 0 };
    if (row.event === "shown") usage.shown++;
    if (row.event === "solved") {
      usage.solved++;
      deflections++;
    }
    if (row.event === "not_solved") usage.notSolved++;
    byArticle.set(row.articleId, usage);
  }

  const usages = [...byArticle.values()].sort((a, b) => b.solved - a.solved || b.shown - a.shown || a.id.localeCompare(b.id));
  return {
    since,
    until,
    deflections,
    articles: usages,
    neverHelp: usages.filter((u) => u.shown >= minShown && u.solved === 0).sort((a, b) => b.shown - a.shown),
    neverShown: articles.filter((a) => !byArticle.has(a.id)).map((a) => ({ id: a.id, title: a.title })),
    missing: [...missing.values()].sort((a, b) => b.count - a.count || b.last.getTime() - a.last.getTime()),
  };
}

/** The report as text for people; days are written in the desk's time zone. */
export function formatKnowledgeUsage(report: KnowledgeUsageReport, timezone = "UTC"): string {
  const day = (d: Date) => DateTime.fromJSDate(d, { zone: timezone }).toISODate();
  const lines = [
    // `until` is exclusive (the next midnight): the last day counted is the one before it.
    `Knowledge base usage, ${day(report.since)} → ${day(new Date(report.until.getTime() - 1))}`,
    `Deflections (a suggestion solved the request): ${report.deflections}`,
    "",
    `Articles shown at least 3 times that never helped (${report.neverHelp.length}):`,
    ...report.neverHelp.map((u) => `  ${u.id} — shown ${u.shown}, not solved ${u.notSolved}: ${u.title}`),
    "",
    `Questions that found no article (${report.missing.length}):`,
    ...report.missing.slice(0, 50).map((m) => `  ${m.count}× ${m.question.replace(/\s+/g, " ").slice(0, 120)}`),
    "",
    `Articles never shown (${report.neverShown.length}):`,
    ...report.neverShown.map((a) => `  ${a.id}: ${a.title}`),
  ];
  return lines.join("\n");
}
