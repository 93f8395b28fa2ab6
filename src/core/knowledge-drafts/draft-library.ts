import { mkdir, readFile, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { DRAFTS_FOLDER } from "../knowledge/kb-loader";
import { draftId, renderDraftFile, type DraftArticle } from "./draft-article-file";

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

  /** Moves a draft into the published articles. Returns false when there is no such draft (or it was just published). */
  async publish(id: string): Promise<boolean> {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(id)) return false;
    const from = path.join(this.draftsDir, `${id}.md`);
    const to = path.join(this.kbDir, `${id}.md`);
    let text: string;
    try {
      text = await readFile(from, "utf8");
    } catch {
      return false;
    }
    try {
      // "wx": of two managers publishing the same draft at once, one writes the article; the other finds it there.
      await writeFile(to, text.replace(/^status: draft$/m, "status: published"), { flag: "wx" });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
      throw error;
    }
    await unlink(from).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "ENOENT") throw error;
    });
    return true;
  }
}
