import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { PACKAGE_ROOT } from "../../src/config/env";

/** Where `http.listening` said the server listens. */
export interface Listening {
  host: string;
  port: number;
}

export interface ProcessOptions {
  /** The program to run instead of guichet (`npm run load`'s bare Bolt app); it logs the same two start lines. */
  script?: string;
  /** Node's own flags, e.g. `--cpu-prof`. */
  nodeArgs?: string[];
}

/**
 * guichet itself (`dist/src/main.js`) in a child process, for tests that must stop it the hard way (SIGKILL) and
 * start it again on the same database. It runs in an empty folder (no developer's `.env` is read) with only the
 * environment given; its log (standard error, JSON lines) is kept for the test to read and to show on failure.
 */
export class GuichetProcess {
  private child: ChildProcess | null = null;
  private readonly cwd = mkdtempSync(path.join(tmpdir(), "guichet-process-"));
  readonly log: string[] = [];
  listening: Listening | null = null;

  constructor(
    private readonly env: Record<string, string>,
    private readonly options: ProcessOptions = {},
  ) {}

  /** Starts guichet and resolves, with where it listens, once it is ready. */
  start(timeoutMs = 30_000): Promise<Listening> {
    const script = this.options.script ?? path.join(PACKAGE_ROOT, "dist", "src", "main.js");
    const child = spawn(process.execPath, [...(this.options.nodeArgs ?? []), script], {
      cwd: this.cwd,
      // The start is read from the `http.listening` and `ready` lines, logged at info.
      env: { PATH: process.env.PATH ?? "", LOG_LEVEL: "info", ...this.env },
      stdio: ["ignore", "ignore", "pipe"],
    });
    this.child = child;
    this.listening = null;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`guichet did not start within ${timeoutMs} ms:\n${this.tail()}`)), timeoutMs);
      let buffered = "";
      child.stderr?.on("data", (chunk: Buffer) => {
        buffered += chunk.toString("utf8");
        const lines = buffered.split("\n");
        buffered = lines.pop() ?? "";
        for (const line of lines) {
          this.log.push(line);
          if (this.log.length > 2000) this.log.shift();
          const entry = parseLine(line);
          if (this.child !== child) continue;
          if (entry?.event === "http.listening") this.listening = { host: String(entry.host), port: Number(entry.port) };
          // It listens first (probes see it start); it takes requests once it says it is ready.
          if (entry?.event === "ready" && this.listening) {
            clearTimeout(timer);
            resolve(this.listening);
          }
        }
      });
      child.once("exit", (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`guichet exited (${code ?? signal}) before listening:\n${this.tail()}`));
      });
    });
  }

  /** SIGKILL: no shutdown, nothing flushed, the way a crash or an OOM kill ends a process. */
  async kill(): Promise<void> {
    await this.end("SIGKILL");
  }

  /** SIGTERM: the orderly stop. Resolves with the exit status once the process has exited. */
  stop(): Promise<number | null> {
    return this.end("SIGTERM");
  }

  /** The process id (while it runs). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Log lines (parsed) with this `event`. */
  events(event: string): Array<Record<string, unknown>> {
    return this.log.map(parseLine).filter((entry): entry is Record<string, unknown> => entry?.event === event);
  }

  tail(lines = 40): string {
    return this.log.slice(-lines).join("\n");
  }

  private end(signal: NodeJS.Signals): Promise<number | null> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child?.exitCode ?? null);
    return new Promise((resolve) => {
      child.once("exit", (code) => resolve(code));
      child.kill(signal);
    });
  }
}

/** A free TCP port on 127.0.0.1, for a child process to listen on (and again after a restart). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function parseLine(line: string): Record<string, unknown> | null {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return null;
  }
}
