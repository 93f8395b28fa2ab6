import fs from "node:fs";
import path from "node:path";

export interface DirectoryWatcherOptions {
  /** Quiet time after the last change before `onChange` runs (editors write a file in several steps). */
  debounceMs?: number;
  /** Called when watching fails (the folder was removed, too many watchers…). */
  onError?: (error: Error) => void;
}

/**
 * Calls `onChange` once after a burst of changes anywhere under `dir`. Uses a recursive
 * `fs.watch` where Node supports it (macOS, Windows, Linux since Node 20); otherwise watches each
 * folder found at start and on every change, so new sub-folders are followed too.
 */
export class DirectoryWatcher {
  private readonly watchers = new Map<string, fs.FSWatcher>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly debounceMs: number;

  constructor(
    private readonly dir: string,
    private readonly onChange: () => void,
    private readonly options: DirectoryWatcherOptions = {},
  ) {
    this.debounceMs = options.debounceMs ?? 200;
    try {
      this.add(dir, true);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ERR_FEATURE_UNAVAILABLE_ON_PLATFORM") throw error;
      this.addTree(dir);
    }
  }

  /** Stops watching; a pending `onChange` is cancelled. */
  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
  }

  private add(dir: string, recursive: boolean): void {
    if (this.watchers.has(dir)) return;
    const watcher = fs.watch(dir, { recursive, persistent: false }, () => this.changed(recursive));
    watcher.on("error", (error) => this.failed(dir, error));
    this.watchers.set(dir, watcher);
  }

  private addTree(dir: string): void {
    this.add(dir, false);
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory() && !entry.name.startsWith(".")) this.addTree(path.join(dir, entry.name));
    }
  }

  private changed(recursive: boolean): void {
    if (this.closed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (this.closed) return;
      if (!recursive) this.followNewFolders();
      this.onChange();
    }, this.debounceMs);
    // A pending reload must not keep a finishing process alive.
    this.timer.unref();
  }

  private followNewFolders(): void {
    try {
      this.addTree(this.dir);
    } catch (error) {
      this.options.onError?.(error as Error);
    }
  }

  private failed(dir: string, error: Error): void {
    this.watchers.get(dir)?.close();
    this.watchers.delete(dir);
    this.options.onError?.(error);
  }
}
