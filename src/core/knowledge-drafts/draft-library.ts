import { mkdir, readFile, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Article } from "../knowledge/article";
import { DRAFTS_FOLDER, parseArticle } from "../knowledge/kb-loader";
import { draftId, renderDraftFile, renderPublishedFile, type DraftArticle, type DraftEdit } from "./draft-article-file";

/**
 * Drafts live as files in `kb/drafts/`: the knowledge base loads them but never suggests them. Publishing moves
 * the file into `kb/`, where the watcher picks it up. Files, not database rows, so that the knowledge base stays
 * something people can read, review and version.
 */
export class DraftLibrary {
  constructor(private readonly kbDir: string) {}

  get draftsDir(): string {
    return path.join(this.kbDir, DRAFTS_FOLDER);
  }

  /** Writes the draft under a new id (a number is added when the title's id is taken); returns the id. */
  async save(draft: DraftArticle): Promise<string> {
    await mkdir(this.draftsDir, { recursive: true });
    const base = draftId(draft.title, draft.lang);
    for (let n = 1; n < 1000; n++) {
      const id = n === 1 ? base : `${base}-${n}`;
      try {
        // "wx": fail rather than overwrite when two agents save the same title at once.
        await writeFile(path.join(this.draftsDir, `${id}.md`), renderDraftFile(id, draft), { flag: "wx" });
        return id;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
    }
    throw new Error(`no free article id for "${base}" in ${this.draftsDir}`);
  }

  /** A draft as the knowledge base reads it, or undefined when there is no such draft. */
  async read(id: string): Promise<Article | undefined> {
    const text = await this.draftText(id);
    return text === undefined ? undefined : parseArticle(text, `${DRAFTS_FOLDER}/${id}.md`).article;
  }

  /**
   * Publishes a draft as the manager edited it: the article is written into `kb/` with the edit,
   * and the draft is removed. Returns false when there is no such draft (or it was just published).
   */
  async publish(id: string, edit: DraftEdit, publisher: string): Promise<boolean> {
    const text = await this.draftText(id);
    const published = text === undefined ? undefined : renderPublishedFile(text, edit, publisher);
    if (published === undefined) return false;
    const from = path.join(this.draftsDir, `${id}.md`);
    const to = path.join(this.kbDir, `${id}.md`);
    try {
      // "wx": of two managers publishing the same draft at once, one writes the article; the other finds it there.
      await writeFile(to, published, { flag: "wx" });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
      throw error;
    }
    await unlink(from).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "ENOENT") throw error;
    });
    return true;
  }

  private async draftText(id: string): Promise<string | undefined> {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(id)) return undefined;
    try {
      return await readFile(path.join(this.draftsDir, `${id}.md`), "utf8");
    } catch {
      return undefined;
    }
  }
}
