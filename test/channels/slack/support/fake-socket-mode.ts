import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";

/** An envelope the fake sent, and the acknowledgement the app gave it (its `payload`, `{}` when empty). */
export interface SentEnvelope {
  envelopeId: string;
  acked: Promise<Record<string, unknown>>;
}

export type EnvelopeType = "events_api" | "interactive" | "slash_commands";

/**
 * A local stand-in for Slack's Socket Mode server (PLATFORM-NOTES, "Socket Mode protocol"). The fake Web API's
 * `apps.connections.open` hands out `url`; on each connection the fake says `hello`, then sends the envelopes a test
 * asks for and records the app's acknowledgements (`{"envelope_id", "payload"?}`). It can ask the app to reconnect
 * (`disconnect` with `refresh_requested`) or drop the connection without a word, as Slack does when it recycles a
 * server. It answers the client's pings (the `ws` library does).
 */
export class FakeSocketMode {
  private server: WebSocketServer | null = null;
  private socket: WebSocket | null = null;
  private readonly pending = new Map<string, (payload: Record<string, unknown>) => void>();
  private readonly connectionWaiters: Array<{ count: number; resolve: () => void }> = [];
  private counter = 0;
  /** Connections the app opened so far (each after an `apps.connections.open`). */
  connections = 0;
  /** Every acknowledgement received, with the connection it came on. */
  readonly acks: Array<{ envelopeId: string; payload: Record<string, unknown>; connection: number }> = [];

  async start(): Promise<void> {
    const server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
    this.server = server;
    await new Promise<void>((resolve) => server.once("listening", () => resolve()));
    server.on("connection", (socket) => this.accept(socket));
  }

  /** The address `apps.connections.open` gives: a new ticket for each connection, like Slack's. */
  get url(): string {
    const port = (this.server?.address() as AddressInfo | undefined)?.port ?? 0;
    return `ws://127.0.0.1:${port}/link/?ticket=${this.connections + 1}`;
  }

  /** Resolves once the app has opened `count` connections in all (and been greeted). */
  connected(count = this.connections): Promise<void> {
    if (this.connections >= count && this.socket) return Promise.resolve();
    return new Promise((resolve) => this.connectionWaiters.push({ count, resolve }));
  }

  /** Sends an envelope on the current connection. `retryAttempt` > 0 is a redelivery (a new envelope id, as Slack). */
  send(type: EnvelopeType, payload: unknown, options: { retryAttempt?: number; retryReason?: string } = {}): SentEnvelope {
    const envelopeId = `env-${++this.counter}-${Math.random().toString(36).slice(2, 10)}`;
    const acked = new Promise<Record<string, unknown>>((resolve) => this.pending.set(envelopeId, resolve));
    this.sendRaw(JSON.stringify({
      envelope_id: envelopeId,
      type,
      payload,
      accepts_response_payload: type !== "events_api",
      ...(type === "events_api" ? { retry_attempt: options.retryAttempt ?? 0, retry_reason: options.retryReason ?? "" } : {}),
    }));
    return { envelopeId, acked };
  }

  /** Anything at all, as a text frame. */
  sendRaw(text: string): void {
    if (!this.socket) throw new Error("the app is not connected to the fake Socket Mode server");
    this.socket.send(text);
  }

  /** Asks the app to open a new connection, as Slack does before it recycles a server. */
  disconnect(reason: "refresh_requested" | "link_disabled" = "refresh_requested"): void {
    this.sendRaw(JSON.stringify({ type: "disconnect", reason, debug_info: { host: "applink-fake" } }));
  }

  /** Drops the connection without a word (a network cut, a server gone). */
  drop(): void {
    this.socket?.terminate();
    this.socket = null;
  }

  async close(): Promise<void> {
    for (const client of this.server?.clients ?? []) client.terminate();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private accept(socket: WebSocket): void {
    this.socket?.terminate();
    this.socket = socket;
    const connection = ++this.connections;
    socket.on("message", (data) => {
      let message: { envelope_id?: string; payload?: Record<string, unknown> };
      try {
        message = JSON.parse(data.toString()) as typeof message;
      } catch {
        return;
      }
      if (typeof message?.envelope_id !== "string") return;
      const payload = message.payload ?? {};
      this.acks.push({ envelopeId: message.envelope_id, payload, connection });
      this.pending.get(message.envelope_id)?.(payload);
      this.pending.delete(message.envelope_id);
    });
    socket.on("close", () => {
      if (this.socket === socket) this.socket = null;
    });
    socket.send(JSON.stringify({
      type: "hello",
      num_connections: 1,
      debug_info: { host: "applink-fake", build_number: 1, approximate_connection_time: 18060 },
      connection_info: { app_id: "A0GUICHET" },
    }));
    for (const waiter of [...this.connectionWaiters]) {
      if (this.connections >= waiter.count) {
        this.connectionWaiters.splice(this.connectionWaiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  }
}
