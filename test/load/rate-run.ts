import { Agent, request, type ClientRequest } from "node:http";
import { performance } from "node:perf_hooks";
import type { FakeSlackApi } from "../channels/slack/support/fake-slack-api";
import { eventEnvelope, slackSignature } from "../channels/slack/support/slack-requests";
import type { LoadMessage } from "./requester-messages";

/** What one rate gave, before the process's CPU and memory are added. */
export interface RateResult {
  rate: number;
  sent: number;
  /** Deliveries answered 2xx. */
  acknowledged: number;
  /** Deliveries answered otherwise, or not at all (connection error, or still unanswered when the wait ended). */
  refused: number;
  /** Acknowledgements that took more than 3 seconds: Slack would have counted them failed and sent the event again. */
  lateAcks: number;
  /** Milliseconds from sending the event to Slack's 2xx, for the acknowledged ones. */
  ackMs: number[];
  /** Milliseconds from sending the event to the arrival of the first post in its thread, for the answered ones. */
  endToEndMs: number[];
  /** Acknowledged messages with no post in their thread when the wait ended. */
  missing: number;
  /** Answers per second, from the first event sent to the last answer. */
  throughput: number;
  /** How late the sender was on its schedule (99th percentile, ms): large values mean the figures above are the sender's. */
  senderLagP99: number;
}

export interface RateRunOptions {
  url: string;
  secret: string;
  api: FakeSlackApi;
  messages: LoadMessage[];
  rate: number;
  /** How long to wait for the last answers after the last event was sent. */
  graceMs: number;
  runId: string;
}

/**
 * Sends the messages as Slack would, at a fixed rate whatever the answers (an open loop: a slow server does not slow
 * the sender), each a signed `message.im` event; then waits until each has its answer in its thread (the fake Web
 * API stamps each post's arrival) or the grace period is over.
 */
export async function runRate(options: RateRunOptions): Promise<RateResult> {
  const { messages, rate, api } = options;
  const agent = new Agent({ keepAlive: true, maxSockets: 1024 });
  const open = new Set<ClientRequest>();
  const sentAt = new Array<number>(messages.length).fill(0);
  const ackMs: number[] = [];
  const lags: number[] = [];
  let refused = 0;
  const acked = new Set<number>();
  const byThread = new Map(messages.map((m, i) => [`${m.channel}/${m.ts}`, i]));
  const answeredAt = new Map<number, number>();
  let scanned = 0;
  const scan = () => {
    for (; scanned < api.calls.length; scanned++) {
      const call = api.calls[scanned];
      if (call.method !== "chat.postMessage") continue;
      const index = byThread.get(`${String(call.args.channel)}/${String(call.args.thread_ts)}`);
      if (index !== undefined && !answeredAt.has(index)) answeredAt.set(index, call.at ?? Date.now());
    }
  };

  const start = performance.now();
  const startEpoch = Date.now();
  const pending: Array<Promise<void>> = [];
  const intervalMs = 1000 / rate;
  for (let i = 0; i < messages.length; i++) {
    const due = start + i * intervalMs;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const now = performance.now();
    lags.push(Math.max(0, now - due));
    sentAt[i] = startEpoch + (now - start);
    const message = messages[i];
    const event = { type: "message", channel: message.channel, channel_type: "im", user: message.user, text: message.text, ts: message.ts, event_ts: message.ts };
    pending.push(
      post(agent, open, options.url, options.secret, eventEnvelope(event, `Ev${options.runId}${i}`)).then((status) => {
        if (status >= 200 && status < 300) {
          ackMs.push(performance.now() - now);
          acked.add(i);
        } else refused++;
      }),
    );
  }
  // The wait for answers starts when the last event is sent, whether or not every acknowledgement is back.
  const lastSent = Date.now();
  let settled = false;
  void Promise.all(pending).then(() => (settled = true));
  while (Date.now() - lastSent < options.graceMs) {
    scan();
    if (settled && [...acked].every((i) => answeredAt.has(i))) break;
    await sleep(100);
  }
  scan();
  // Requests still unanswered at the end count as refused: Slack would have given up on them after 3 seconds.
  for (const req of open) req.destroy();
  agent.destroy();
  await Promise.all(pending);

  const endToEndMs = [...answeredAt].map(([i, at]) => at - sentAt[i]);
  const lastAnswer = Math.max(0, ...answeredAt.values());
  return {
    rate,
    sent: messages.length,
    acknowledged: acked.size,
    refused,
    lateAcks: ackMs.filter((ms) => ms > 3000).length,
    ackMs,
    endToEndMs,
    missing: [...acked].filter((i) => !answeredAt.has(i)).length,
    throughput: answeredAt.size === 0 ? 0 : answeredAt.size / ((lastAnswer - startEpoch) / 1000),
    senderLagP99: percentile(lags, 0.99),
  };
}

/** POSTs a signed Events API body to 127.0.0.1 and resolves with the status (0 when the connection failed). */
function post(agent: Agent, open: Set<ClientRequest>, url: string, secret: string, body: string): Promise<number> {
  const timestamp = Math.floor(Date.now() / 1000);
  const target = new URL(url);
  return new Promise((resolve) => {
    const req = request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: "POST",
        headers: {
          "content-type": "application/json",
          "content-length": String(Buffer.byteLength(body)),
          "x-slack-request-timestamp": String(timestamp),
          "x-slack-signature": slackSignature(secret, timestamp, body),
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => {
          open.delete(req);
          resolve(res.statusCode ?? 0);
        });
      },
    );
    open.add(req);
    req.on("error", () => {
      open.delete(req);
      resolve(0);
    });
    req.on("close", () => {
      // Destroyed after its headers came: no "end", no "error".
      if (open.delete(req)) resolve(0);
    });
    req.end(body);
  });
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
