import { randomBytes } from "node:crypto";
import { LessThan, MoreThan, type EntityManager } from "typeorm";
import type { Store } from "../../store/data-source";
import { PublishedFile } from "../../store/entities/PublishedFile";
import type { FileView } from "../messages/message-view";

/** A file's content, as the channels read it at delivery. */
export interface FileContent {
  name: string;
  contentType: string;
  data: Buffer;
}

/** What a channel sender needs of the published files: their content by token (null once expired or unknown). */
export interface FileSource {
  read(token: string): Promise<FileContent | null>;
}

export interface NewFile {
  name: string;
  contentType: string;
  data: Buffer;
  /** How long it is kept (and served). */
  keepDays: number;
  title: string;
  altText?: string;
  /** A small PNG to show inline where a message has little room (Teams, without a public address). */
  preview?: Buffer;
}

/**
 * The files the desk sends with its messages. A file is written in the transaction that queues its message, so the
 * outbox finds it after a restart; it is kept a fixed time, then pruned.
 */
export class PublishedFiles implements FileSource {
  /**
   * @param store the database
   * @param publicUrl guichet's public HTTPS address (GUICHET_PUBLIC_URL), under which files are served; null when
   *   guichet is not reachable from outside (then Teams gets no link)
   */
  constructor(
    private readonly store: Store,
    private readonly publicUrl: string | null,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Stores a file in the caller's transaction and returns how a message shows it. */
  async publish(manager: EntityManager, file: NewFile, now: Date): Promise<FileView> {
    // 24 random bytes: the address is the only key, as with Slack's public file links.
    const token = randomBytes(24).toString("base64url");
    await manager.insert(PublishedFile, {
      token,
      name: file.name,
      contentType: file.contentType,
      bytes: file.data.length,
      content: file.data.toString("base64"),
      createdAt: now,
      expiresAt: new Date(now.getTime() + file.keepDays * 86_400_000),
    });
    return {
      token,
      name: file.name,
      title: file.title,
      contentType: file.contentType,
      bytes: file.data.length,
      ...(file.altText ? { altText: file.altText } : {}),
      ...(this.publicUrl ? { url: `${this.publicUrl.replace(/\/+$/, "")}/files/${token}/${encodeURIComponent(file.name)}` } : {}),
      ...(file.preview ? { preview: file.preview.toString("base64") } : {}),
    };
  }

  async read(token: string): Promise<FileContent | null> {
    const file = await this.store.manager.findOne(PublishedFile, { where: { token, expiresAt: MoreThan(this.now()) } });
    return file ? { name: file.name, contentType: file.contentType, data: Buffer.from(file.content, "base64") } : null;
  }

  /** Deletes the files kept past their time. */
  async prune(manager: EntityManager, now: Date): Promise<number> {
    return (await manager.delete(PublishedFile, { expiresAt: LessThan(now) })).affected ?? 0;
  }
}
