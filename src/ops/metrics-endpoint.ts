import { timingSafeEqual } from "node:crypto";
import { collectDefaultMetrics, Gauge, Registry } from "prom-client";
import type { RouteHandler } from "../channels/http-server";
import type { Env } from "../config/env";
import { OPEN_STATUSES } from "../core/tickets/ticket-lifecycle";
import { metricsRegistry } from "../metrics";
import type { Store } from "../store/data-source";
import { OutboxMessage } from "../store/entities/OutboxMessage";
import { Ticket } from "../store/entities/Ticket";

/** `GET /metrics` is served when METRICS=1 or METRICS_TOKEN is set (then only to requests bearing the token). */
export function metricsEnabled(env: Pick<Env, "METRICS" | "METRICS_TOKEN">): boolean {
  return env.METRICS === "1" || env.METRICS_TOKEN !== undefined;
}

let processMetricsCollected = false;

/**
 * `GET /metrics` in Prometheus' text format: this process's counters (src/metrics.ts), the Node.js process figures,
 * and gauges read from the database at each scrape (outbox depth and oldest pending age, open tickets by status and
 * level), which every instance reports alike.
 */
export function metricsEndpoint(options: { store: Store; token?: string; now?: () => Date }): RouteHandler {
  const now = options.now ?? (() => new Date());
  if (!processMetricsCollected) {
    collectDefaultMetrics({ register: metricsRegistry, prefix: "guichet_" });
    processMetricsCollected = true;
  }
  const database = databaseGauges(options.store, now);
  const registry = Registry.merge([metricsRegistry, database]);
  return async (req, res) => {
    if (options.token && !bearerMatches(req.headers.authorization, options.token)) {
      res.writeHead(401, { "content-type": "text/plain", "www-authenticate": 'Bearer realm="guichet metrics"' }).end("a bearer token is required\n");
      return;
    }
    const text = await registry.metrics();
    res.writeHead(200, { "content-type": registry.contentType }).end(text);
  };
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from((header ?? "").replace(/^Bearer\s+/i, ""));
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

/**
 * Gauges whose value is read from the database when Prometheus scrapes. Reads go through the store's transactions:
 * on SQLite that is the queue of its one connection, so a scrape never reads a transaction still open.
 */
function databaseGauges(store: Store, now: () => Date): Registry {
  const registry = new Registry();
  new Gauge({
    name: "guichet_outbox_pending",
    help: "Outbox messages waiting to be delivered, by platform.",
    labelNames: ["platform"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await store.transaction((m) => m
        .createQueryBuilder(OutboxMessage, "o")
        .select("o.platform", "platform")
        .addSelect("COUNT(*)", "count")
        .where("o.status = 'pending'")
        .groupBy("o.platform")
        .getRawMany<{ platform: string; count: string | number }>());
      for (const row of rows) this.set({ platform: row.platform }, Number(row.count));
    },
  });
  new Gauge({
    name: "guichet_outbox_oldest_pending_seconds",
    help: "Age of the oldest outbox message waiting to be delivered (0 when none): deliveries are stuck when it grows.",
    registers: [registry],
    async collect() {
      const oldest = await store.transaction((m) => m.findOne(OutboxMessage, { select: { id: true, createdAt: true }, where: { status: "pending" }, order: { createdAt: "ASC", id: "ASC" } }));
      this.set(oldest ? Math.max(0, (now().getTime() - oldest.createdAt.getTime()) / 1000) : 0);
    },
  });
  new Gauge({
    name: "guichet_outbox_failed",
    help: "Outbox messages given up (status failed, kept for an operator).",
    registers: [registry],
    async collect() {
      this.set(await store.transaction((m) => m.count(OutboxMessage, { where: { status: "failed" } })));
    },
  });
  new Gauge({
    name: "guichet_open_tickets",
    help: "Tickets not resolved or closed, by status and level (1: level 1, 2: escalated to experts).",
    labelNames: ["status", "level"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await store.transaction((m) => m
        .createQueryBuilder(Ticket, "t")
        .select("t.status", "status")
        .addSelect("t.level", "level")
        .addSelect("COUNT(*)", "count")
        .where("t.status IN (:...open)", { open: [...OPEN_STATUSES] })
        .groupBy("t.status")
        .addGroupBy("t.level")
        .getRawMany<{ status: string; level: number; count: string | number }>());
      for (const row of rows) this.set({ status: row.status, level: String(row.level) }, Number(row.count));
    },
  });
  return registry;
}
