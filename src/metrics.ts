import { Counter, Histogram, Registry } from "prom-client";
import type { Platform } from "./store/entities/PersonIdentity";
import type { OutboxRoute } from "./store/entities/OutboxMessage";

/**
 * The counters of what this process did, for `GET /metrics` (Prometheus' text format). They are counted whether or
 * not the endpoint is on: an increment costs nothing worth saving. Gauges read from the database (outbox depth, open
 * tickets) are collected at scrape time by the endpoint, src/ops/metrics-endpoint.ts, so that every instance reports
 * the same figures and nothing in the dispatcher has to keep them.
 */
export const metricsRegistry = new Registry();

const inboundEvents = new Counter({
  name: "guichet_inbound_events_total",
  help: "Events received from people (messages, button presses, forms), by platform and outcome: handled, duplicate (a redelivery), refused (not allowed or invalid), failed.",
  labelNames: ["platform", "outcome"] as const,
  registers: [metricsRegistry],
});

const processingSeconds = new Histogram({
  name: "guichet_event_processing_seconds",
  help: "Time the desk took to handle an event, from its arrival at the desk to its commit (delivery of the answers excluded).",
  labelNames: ["platform"] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [metricsRegistry],
});

const deliveries = new Counter({
  name: "guichet_outbox_deliveries_total",
  help: "Delivery attempts of outbox messages, by platform (desk: calls to other desks and webhooks) and outcome: sent, retry (failed, tried again later), gave_up.",
  labelNames: ["platform", "outcome"] as const,
  registers: [metricsRegistry],
});

const slaNotices = new Counter({
  name: "guichet_sla_notices_total",
  help: "SLA notices sent by the sweep, by kind: reminder, breach, escalation (automatic call of level 2), auto_close.",
  labelNames: ["kind"] as const,
  registers: [metricsRegistry],
});

const kbSearches = new Counter({
  name: "guichet_kb_searches_total",
  help: "Knowledge-base searches for a requester's question, by result: suggestion (articles shown) or none (a ticket offered instead).",
  labelNames: ["result"] as const,
  registers: [metricsRegistry],
});

// Series that exist from the start, so that a rate over them is 0 rather than absent before the first one.
for (const kind of ["reminder", "breach", "escalation", "auto_close"]) slaNotices.inc({ kind }, 0);
for (const result of ["suggestion", "none"]) kbSearches.inc({ result }, 0);

/** The one-line calls the rest of guichet makes. */
export const metrics = {
  /** Runs the handling of one inbound event, timing it and counting its outcome (the `kind` of its result). */
  async observeInboundEvent<T>(platform: Platform, handle: () => Promise<T>): Promise<T> {
    const stop = processingSeconds.startTimer({ platform });
    try {
      const result = await handle();
      const kind = (result as { kind?: unknown } | null)?.kind;
      inboundEvents.inc({ platform, outcome: kind === "duplicate" || kind === "refused" ? kind : "handled" });
      return result;
    } catch (error) {
      inboundEvents.inc({ platform, outcome: "failed" });
      throw error;
    } finally {
      stop();
    }
  },

  delivery(platform: OutboxRoute, outcome: "sent" | "retry" | "gave_up"): void {
    deliveries.inc({ platform, outcome });
  },

  slaNotices(done: { reminders: number; breaches: number; escalations: number; closings: number }): void {
    slaNotices.inc({ kind: "reminder" }, done.reminders);
    slaNotices.inc({ kind: "breach" }, done.breaches);
    slaNotices.inc({ kind: "escalation" }, done.escalations);
    slaNotices.inc({ kind: "auto_close" }, done.closings);
  },

  kbSearch(suggested: boolean): void {
    kbSearches.inc({ result: suggested ? "suggestion" : "none" });
  },
};
