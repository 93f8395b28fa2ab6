import path from "node:path";
import type { Article, ArticleProblem, KnowledgeSearch, SearchHit, SearchOptions } from "./article";
import { DirectoryWatcher } from "./directory-watcher";
import { DRAFTS_FOLDER, loadKnowledgeBase, type LoadOptions } from "./kb-loader";
import { SearchIndex } from "./search-index";

/** The part of a logger the knowledge base writes to; guichet's pino logger fits. */
export interface KnowledgeLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface KnowledgeBaseOptions extends LoadOptions {
  /** Builds the search over the published articles (guichet's `SearchIndex` by default). */
  buildSearch?: (articles: readonly Article[]) => KnowledgeSearch;
  /** Where reloads and file problems are reported; nothing is logged without it. */
  log?: KnowledgeLog;
  /** Quiet time after the last file change before `watch()` reloads. */
  debounceMs?: number;
}

/** One consistent state of the knowledge base: readers never see half of a reload. */
export interface KnowledgeSnapshot {
  /** Published articles, the ones suggested. */
  readonly articles: readonly Article[];
  /** Drafts waiting for a manager (under `drafts/`, or `status: draft`). */
  readonly drafts: readonly Article[];
  readonly problems: readonly ArticleProblem[];
  readonly loadedAt: Date;
}

interface State extends KnowledgeSnapshot {
  readonly byId: ReadonlyMap<string, Article>;
  readonly search: KnowledgeSearch;
}

const EMPTY_STATE: State = {
  articles: [],
  drafts: [],
  problems: [],
  loadedAt: new Date(0),
  byId: new Map(),
  search: { search: () => [], size: 0 },
};

/**
 * The live knowledge base: the articles of a folder and their search index, reloaded as a whole
 * and swapped in one assignment, so a question asked during a reload is answered from the old or
 * the new articles, never a mix. `watch()` reloads when files change, without a restart.
 *
 * Features that build on it subscribe with `onReload` (e.g. usage statistics that must forget
 * removed articles) or write files into `draftsDir` (drafts saved from resolved tickets, picked up
 * by the watcher). It imports no chat platform and no database.
 */
export class KnowledgeBase {
  /** Where drafts are written; they are loaded but never suggested. */
  readonly draftsDir: string;
  private state: State = EMPTY_STATE;
  private watcher: DirectoryWatcher | undefined;
  private reloadChain: Promise<unknown> = Promise.resolve();
  private queuedReload: Promise<KnowledgeSnapshot> | undefined;
  private readonly listeners = new Set<(snapshot: KnowledgeSnapshot) => void>();

  constructor(readonly dir: string, private readonly options: KnowledgeBaseOptions = {}) {
    this.draftsDir = path.join(dir, DRAFTS_FOLDER);
  }

  /** Loads `dir` once; rejects only if the folder cannot be read (bad files are reported in `problems`). */
  static async open(dir: string, options: KnowledgeBaseOptions = {}): Promise<KnowledgeBase> {
    const kb = new KnowledgeBase(dir, options);
    await kb.reload();
    return kb;
  }

  /** The current state. */
  get snapshot(): KnowledgeSnapshot {
    return this.state;
  }

  /** Published articles. */
  get articles(): readonly Article[] {
    return this.state.articles;
  }

  /** Problems found by the last reload. */
  get problems(): readonly ArticleProblem[] {
    return this.state.problems;
  }

  /** A published article or a draft by id. */
  get(id: string): Article | undefined {
    return this.state.byId.get(id);
  }

  /** Best published articles for a question; `[]` when nothing is relevant enough. */
  search(query: string, options?: SearchOptions): SearchHit[] {
    return this.state.search.search(query, options);
  }

  /**
   * Reads the folder again and swaps the new articles in. Reloads run one at a time; a reload
   * asked for while another runs is queued once (later requests share it, since it reads the
   * latest files). If the folder cannot be read, the previous articles stay and the promise rejects.
   */
  reload(): Promise<KnowledgeSnapshot> {
    if (this.queuedReload) return this.queuedReload;
    const next = this.reloadChain.then(() => {
      this.queuedReload = undefined;
      return this.loadNow();
    });
    this.queuedReload = next;
    this.reloadChain = next.catch(() => undefined);
    return next;
  }

  /** Reloads whenever a file under the folder changes. Returns this, for chaining after `open`. */
  watch(): this {
    if (this.watcher) return this;
    this.watcher = new DirectoryWatcher(this.dir, () => void this.reload().catch(() => undefined), {
      debounceMs: this.options.debounceMs,
      onError: (error) => this.options.log?.error({ err: error, dir: this.dir }, "knowledge base: watching the folder failed"),
    });
    return this;
  }

  /** Stops watching. */
  close(): void {
    this.watcher?.close();
    this.watcher = undefined;
  }

  /** Calls `listener` after every successful reload; returns a function that unsubscribes. */
  onReload(listener: (snapshot: KnowledgeSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async loadNow(): Promise<KnowledgeSnapshot> {
    const log = this.options.log;
    let loaded;
    try {
      loaded = await loadKnowledgeBase(this.dir, this.options);
    } catch (error) {
      log?.error({ err: error, dir: this.dir }, "knowledge base: the folder cannot be read; keeping the articles loaded before");
      throw error;
    }
    const published = loaded.articles.filter((a) => a.status === "published");
    const buildSearch = this.options.buildSearch ?? ((articles: readonly Article[]) => SearchIndex.build(articles));
    this.state = {
      articles: published,
      drafts: loaded.articles.filter((a) => a.status === "draft"),
      problems: loaded.problems,
      loadedAt: new Date(),
      byId: new Map(loaded.articles.map((a) => [a.id, a])),
      search: buildSearch(published),
    };
    for (const problem of loaded.problems) {
      log?.warn({ file: path.join(this.dir, problem.file), line: problem.line }, problem.message);
    }
    log?.info({ dir: this.dir, articles: published.length, drafts: this.state.drafts.length, problems: loaded.problems.length }, "knowledge base loaded");
    for (const listener of this.listeners) {
      try {
        listener(this.state);
      } catch (error) {
        log?.error({ err: error }, "knowledge base: a reload listener failed");
      }
    }
    return this.state;
  }
}
