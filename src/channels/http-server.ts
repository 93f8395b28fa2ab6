import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { logger } from "../logger";

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/**
 * The one HTTP server of a guichet instance: Slack's HTTP mode (`POST /slack/events`) and the Bot Framework
 * (`POST /api/messages`) share it, on PORT. Each channel reads its own request body (Slack needs the raw bytes to
 * check the signature), so nothing here parses bodies.
 */
export class HttpServer {
  private readonly routes = new Map<string, RouteHandler>();
  private readonly server: Server;

  constructor() {
    this.route("GET", "/healthz", (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
    });
    this.server = createServer((req, res) => void this.dispatch(req, res));
  }

  route(method: string, path: string, handler: RouteHandler): void {
    this.routes.set(`${method.toUpperCase()} ${path}`, handler);
  }

  get hasChannelRoutes(): boolean {
    return this.routes.size > 1;
  }

  /** Listens on `port` (0 picks a free one, for tests) and resolves with the port. */
  listen(port: number, host = "0.0.0.0"): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, host, () => resolve((this.server.address() as AddressInfo).port));
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
    const handler = this.routes.get(`${req.method ?? "GET"} ${path}`);
    if (!handler) {
      res.writeHead(404, { "content-type": "application/json" }).end('{"error":"not found"}');
      return;
    }
    try {
      await handler(req, res);
    } catch (error) {
      logger.error({ event: "http.failed", path, err: error });
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" }).end('{"error":"internal error"}');
    }
  }
}
