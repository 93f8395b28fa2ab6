import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { logger } from "../logger";
import { Readiness } from "../ops/readiness";

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** Seconds a platform is asked to wait before sending again a request refused while starting or stopping. */
const RETRY_AFTER_SECONDS = 5;

/**
 * The one HTTP server of a guichet instance: Slack's HTTP mode (`POST /slack/events`) and the Bot Framework
 * (`POST /api/messages`) share it, on PORT. Each channel reads its own request body (Slack needs the raw bytes to
 * check the signature), so nothing here parses bodies.
 *
 * `GET /healthz` says the process is alive; `GET /readyz` whether it takes work (see Readiness). While the instance
 * starts, a request for a route not registered yet is answered 503, and once it is stopping every request but the
 * probes is: the platforms send it again later, to this instance or another.
 */
export class HttpServer {
  private readonly routes = new Map<string, { handler: RouteHandler; probe: boolean }>();
  private readonly prefixes: Array<{ key: string; route: { handler: RouteHandler; probe: boolean } }> = [];
  private readonly server: Server;
  private active = 0;
  private readonly whenIdle: Array<() => void> = [];

  constructor(private readonly readiness: Readiness = Readiness.ready()) {
    this.route("GET", "/healthz", (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
    }, { probe: true });
    this.route("GET", "/readyz", (_req, res) => {
      const state = this.readiness.describe();
      res.writeHead(state.ready ? 200 : 503, { "content-type": "application/json" }).end(JSON.stringify(state));
    }, { probe: true });
    this.server = createServer((req, res) => void this.dispatch(req, res));
  }

  /** A probe (health, readiness, metrics) is answered even while the instance stops. */
  route(method: string, path: string, handler: RouteHandler, options: { probe?: boolean } = {}): void {
    this.routes.set(`${method.toUpperCase()} ${path}`, { handler, probe: options.probe ?? false });
  }

  /** A route for every path under `prefix` (which ends with "/"): the served files' addresses carry their token. */
  routePrefix(method: string, prefix: string, handler: RouteHandler): void {
    this.prefixes.push({ key: `${method.toUpperCase()} ${prefix}`, route: { handler, probe: false } });
  }

  /**
   * Listens on `port` (0 picks a free one, for tests) of `host`, by default every IPv4 interface (what a container
   * needs); resolves with the port.
   */
  async listen(port: number, host = "0.0.0.0"): Promise<number> {
    return (await this.listenAt(port, host)).port;
  }

  /** The same, resolving with the address actually bound. */
  listenAt(port: number, host = "0.0.0.0"): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, host, () => resolve(this.server.address() as AddressInfo));
    });
  }

  /** Resolves when no request is being handled (new ones are refused once the readiness says stopping), or at `deadline`. */
  async settled(deadline: number = Infinity): Promise<boolean> {
    if (this.active === 0) return true;
    return new Promise((resolve) => {
      const timer = Number.isFinite(deadline) ? setTimeout(() => resolve(false), Math.max(0, deadline - Date.now())) : null;
      this.whenIdle.push(() => {
        if (timer) clearTimeout(timer);
        resolve(true);
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? "/").split("?")[0];
    const key = `${req.method ?? "GET"} ${path}`;
    const route = this.routes.get(key) ?? this.prefixes.find((p) => key.startsWith(p.key))?.route;
    if (!route || (this.readiness.stopping && !route.probe)) {
      if (route || !this.readiness.ready) {
        const error = this.readiness.stopping ? "shutting down" : "starting";
        res.writeHead(503, { "content-type": "application/json", "retry-after": String(RETRY_AFTER_SECONDS) }).end(JSON.stringify({ error }));
      } else {
        res.writeHead(404, { "content-type": "application/json" }).end('{"error":"not found"}');
      }
      return;
    }
    this.active += 1;
    try {
      await route.handler(req, res);
    } catch (error) {
      logger.error({ event: "http.failed", path, err: error });
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" }).end('{"error":"internal error"}');
    } finally {
      this.active -= 1;
      if (this.active === 0) for (const resolve of this.whenIdle.splice(0)) resolve();
    }
  }
}
