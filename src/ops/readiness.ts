/** What must be up before the instance takes work. */
export type ReadinessPart = "database" | "knowledge" | "channels";

/**
 * Whether this instance should be sent work (`GET /readyz`), as opposed to whether it is alive (`GET /healthz`).
 * It is not ready until the database is migrated, the knowledge base loaded and the channels started, and stops
 * being ready for good when a shutdown begins, so that a load balancer sends new requests elsewhere while the
 * instance finishes what it has.
 */
export class Readiness {
  private readonly waiting: Set<ReadinessPart>;
  private shuttingDown = false;

  constructor(parts: ReadinessPart[] = ["database", "knowledge", "channels"]) {
    this.waiting = new Set(parts);
  }

  /** An instance with nothing to wait for (tests, commands). */
  static ready(): Readiness {
    return new Readiness([]);
  }

  up(part: ReadinessPart): void {
    this.waiting.delete(part);
  }

  beginShutdown(): void {
    this.shuttingDown = true;
  }

  get stopping(): boolean {
    return this.shuttingDown;
  }

  get ready(): boolean {
    return !this.shuttingDown && this.waiting.size === 0;
  }

  /** What `/readyz` answers: `{ ready }`, with what is still awaited, or that the instance is stopping. */
  describe(): { ready: boolean; waitingFor?: ReadinessPart[]; stopping?: true } {
    if (this.shuttingDown) return { ready: false, stopping: true };
    if (this.waiting.size > 0) return { ready: false, waitingFor: [...this.waiting] };
    return { ready: true };
  }
}
