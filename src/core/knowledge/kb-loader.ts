import { promises as fs } from "node:fs";
import path from "node:path";
import type { Article, ArticleProblem } from "./article";
import { ARTICLE_ID_PATTERN, articleFrontMatterSchema, describeFieldProblem } from "./article-schema";
import { resolveTwins, type TwinDeclaration } from "./article-twins";
import { parseFrontMatter } from "./front-matter";

/** Articles read from a knowledge base folder, and what was wrong with the files that were skipped. */
export interface KnowledgeBaseLoad {
  /** Published articles and drafts, in file order. */
  articles: Article[];
  /** One entry per problem, each naming the file (relative to the folder) and, when known, the line. */
  problems: ArticleProblem[];
}

export interface LoadOptions {
  /**
   * The desk's categories. When given, an article with another category is reported; it still
   * loads, because its answer is still worth suggesting, but a ticket opened from it cannot be
   * routed by its category.
   */
  categories?: Iterable<string>;
}

/** Folder of drafts inside the knowledge base: files there are never suggested. */
export const DRAFTS_FOLDER = "drafts";

/** Files parsed at once: enough to keep the disk busy, few enough to stay under the open-files limit. */
const READ_CONCURRENCY = 32;

/**
 * Reads every `*.md` file under `dir` (recursively; `drafts/` holds drafts) and validates it.
 * A broken file is reported with its path and line and skipped; the rest loads. Files and folders
 * whose name starts with `.` or `_`, and README.md files, are not articles and are ignored.
 * Rejects only when `dir` itself cannot be read.
 */
export async function loadKnowledgeBase(dir: string, options: LoadOptions = {}): Promise<KnowledgeBaseLoad> {
  const files = await listArticleFiles(dir);
  // Published articles first, so that when a draft and a published article share an id, the draft is the one reported.
  files.sort((a, b) => Number(isDraftPath(a)) - Number(isDraftPath(b)) || a.localeCompare(b));

  const parsed: ParsedFile[] = new Array(files.length);
  for (let start = 0; start < files.length; start += READ_CONCURRENCY) {
    const batch = files.slice(start, start + READ_CONCURRENCY);
    await Promise.all(batch.map(async (file, k) => {
      parsed[start + k] = await readArticleFile(dir, file);
    }));
  }

  const categories = options.categories ? new Set(options.categories) : undefined;
  const articles: Article[] = [];
  const problems: ArticleProblem[] = [];
  const byId = new Map<string, Article>();
  const twins: TwinDeclaration[] = [];
  for (const { article, problems: fileProblems, idLine, categoryLine, twin } of parsed) {
    problems.push(...fileProblems);
    if (!article) continue;
    const first = byId.get(article.id);
    if (first) {
      problems.push({
        file: article.file,
        line: idLine,
        message: `the id "${article.id}" is already used by ${first.file}: give one of the two articles another \`id: …\` (or rename its file); this one is skipped`,
      });
      continue;
    }
    if (categories && !categories.has(article.category)) {
      problems.push({
        file: article.file,
        line: categoryLine,
        message: `the category "${article.category}" is not one of the desk's categories (${[...categories].join(", ")}): write one of them; the article is loaded, but a ticket opened from it is not routed by category`,
      });
    }
    byId.set(article.id, article);
    articles.push(article);
    twins.push({ article, ...twin });
  }
  problems.push(...resolveTwins(twins));
  // Reported in file order, then line order, as an editor would walk through them.
  const fileOrder = new Map(files.map((file, i) => [file, i]));
  problems.sort((a, b) => (fileOrder.get(a.file) ?? 0) - (fileOrder.get(b.file) ?? 0) || (a.line ?? 0) - (b.line ?? 0));
  return { articles, problems };
}

interface ParsedFile {
  article?: Article;
  problems: ArticleProblem[];
  /** Line of the `id:` field (or 1 when the id comes from the file name), for duplicate reports. */
  idLine: number;
  categoryLine?: number;
  /** What the front matter says about the article's twins, resolved once every file is read. */
  twin?: Omit<TwinDeclaration, "article">;
}

/**
 * Parses one article from its text. `file` is its path relative to the knowledge base folder,
 * with `/` separators; a file under `drafts/` is a draft whatever its front matter says.
 */
export function parseArticle(text: string, file: string): { article?: Article; problems: ArticleProblem[] } {
  const { article, problems } = parseArticleWithLines(text, file);
  return { article, problems };
}

function parseArticleWithLines(text: string, file: string): ParsedFile {
  const frontMatter = parseFrontMatter(text);
  if (!frontMatter.ok) return { problems: [{ file, ...frontMatter.error }], idLine: 1 };
  const { data, lineOf, lineAt, body, bodyLine } = frontMatter.file;

  const problems: ArticleProblem[] = [];
  const result = articleFrontMatterSchema.safeParse(data);
  if (!result.success) {
    // One problem per field, on the line of its first wrong part (a list item, not its list's key).
    const firstIssues = new Map<string, PropertyKey[]>();
    for (const issue of result.error.issues) {
      const field = String(issue.path[0] ?? "");
      if (!firstIssues.has(field)) firstIssues.set(field, [...issue.path, ...deepestPath(issue)]);
    }
    for (const [field, issuePath] of firstIssues) {
      const line = issuePath.length > 1 ? lineAt(issuePath) : undefined;
      problems.push({ file, line: line ?? lineOf(field) ?? 1, message: describeFieldProblem(field, data[field]) });
    }
  }
  if (body.trim() === "") {
    problems.push({ file, line: bodyLine, message: "the answer is empty: write the answer in Markdown below the closing `---`" });
  }

  const fileId = path.posix.basename(file).replace(/\.md$/i, "");
  if (result.success && result.data.id === undefined && !ARTICLE_ID_PATTERN.test(fileId)) {
    problems.push({
      file,
      line: 1,
      message: `the file name "${fileId}" cannot be an id (letters, digits, \`-\`, \`_\` and \`.\` only, no spaces): rename the file or add \`id: …\` to the front matter`,
    });
  }
  if (!result.success || problems.length > 0) return { problems, idLine: lineOf("id") ?? 1 };

  const meta = result.data;
  const inDrafts = isDraftPath(file);
  if (inDrafts && meta.status === "published") {
    problems.push({
      file,
      line: lineOf("status"),
      message: `the article is in ${DRAFTS_FOLDER}/ but says \`status: published\`: it is loaded as a draft; move the file out of ${DRAFTS_FOLDER}/ to publish it`,
    });
  }
  const article: Article = {
    id: meta.id ?? fileId,
    title: meta.title,
    lang: meta.lang,
    category: meta.category,
    tags: meta.tags,
    questions: meta.questions,
    body: body.trim(),
    status: inDrafts ? "draft" : (meta.status ?? "published"),
    file,
    // A declared topic is known from this file alone; `translationOf` needs the other files (resolveTwins).
    ...(meta.topic === undefined ? {} : { topic: meta.topic }),
    ...(meta.fromTicket === undefined ? {} : { fromTicket: meta.fromTicket }),
  };
  const twin = { topic: meta.topic, topicLine: lineOf("topic"), translationOf: meta.translationOf, translationOfLine: lineOf("translationOf") };
  return { article, problems, idLine: lineOf("id") ?? 1, categoryLine: lineOf("category"), twin };
}

/** Where inside a value a union's failure lies (`tags: [ok, {a: 1}]` fails at item 1): the longest path of its branches. */
function deepestPath(issue: { code: string; errors?: unknown }): PropertyKey[] {
  if (issue.code !== "invalid_union" || !Array.isArray(issue.errors)) return [];
  let deepest: PropertyKey[] = [];
  for (const branch of issue.errors as Array<Array<{ code: string; path: PropertyKey[]; errors?: unknown }>>) {
    for (const inner of branch) {
      const path = [...inner.path, ...deepestPath(inner)];
      if (path.length > deepest.length) deepest = path;
    }
  }
  return deepest;
}

async function readArticleFile(dir: string, file: string): Promise<ParsedFile> {
  let text: string;
  try {
    text = await fs.readFile(path.join(dir, ...file.split("/")), "utf8");
  } catch (error) {
    return { problems: [{ file, message: `the file cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})` }], idLine: 1 };
  }
  return parseArticleWithLines(text, file);
}

/** Relative paths (with `/`) of the Markdown files under `dir`, skipping hidden, `_`-prefixed and README files. */
async function listArticleFiles(dir: string, relative = ""): Promise<string[]> {
  const entries = await fs.readdir(path.join(dir, relative), { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith(".") || entry.name.startsWith("_")) continue;
    const child = relative ? `${relative}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      files.push(...(await listArticleFiles(dir, child)));
    } else if (entry.isFile() && /\.md$/i.test(entry.name) && !/^readme\.md$/i.test(entry.name)) {
      files.push(child);
    }
  }
  return files;
}

function isDraftPath(file: string): boolean {
  return file.split("/")[0] === DRAFTS_FOLDER;
}
