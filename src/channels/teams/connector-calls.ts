import { DeliveryError } from "../../core/outbox/channel-sender";

/** A Bot Connector call that takes longer than this is abandoned; the outbox tries again later. */
export const CONNECTOR_TIMEOUT_MS = 15_000;

interface PipelineLike {
  getOrderedPolicies(): Array<{ name: string }>;
  removePolicy(options: { name: string }): unknown;
  addPolicy(policy: { name: string; sendRequest: (request: { timeout: number }, next: (request: unknown) => Promise<unknown>) => Promise<unknown> }): void;
}

/**
 * Makes the SDK's connector client fail fast instead of retrying. Its default pipeline retries a 429 after the
 * Retry-After delay, up to three times, inside the call: one throttled conversation would hold the outbox's pass,
 * and every other platform's messages behind it, for minutes. The outbox already retries with backoff and honours
 * Retry-After per message, so the client gets one attempt and a timeout.
 */
export function failFast(connectorClient: unknown): void {
  const pipeline = (connectorClient as { client?: { pipeline?: PipelineLike } }).client?.pipeline;
  if (!pipeline) return;
  const names = pipeline.getOrderedPolicies().map((p) => p.name);
  if (names.includes("guichetTimeout")) return;
  pipeline.removePolicy({ name: "defaultRetryPolicy" });
  pipeline.addPolicy({
    name: "guichetTimeout",
    sendRequest: (request, next) => {
      if (!request.timeout) request.timeout = CONNECTOR_TIMEOUT_MS;
      return next(request);
    },
  });
}

/** A channel of a team the app is not installed in yet: worth trying again once someone installs it. */
export const NOT_INSTALLED_RETRY_MS = 5 * 60_000;

/**
 * Turns a Bot Connector failure into what the outbox should do: wait for Retry-After on 429, stop on errors a
 * retry cannot fix (the bot was removed from a chat, the message is gone or too large), try again later on anything
 * else (5xx, timeouts, network). In a channel, "forbidden" or "not found" usually means that the app is not
 * installed in that team yet, which an administrator fixes: those are retried, slowly.
 */
export function deliveryErrorFrom(error: unknown, what: string, options: { channel?: boolean } = {}): DeliveryError {
  if (error instanceof DeliveryError) return error;
  const status = statusOf(error);
  const message = `${what}: ${status ? `HTTP ${status} ` : ""}${(error as Error)?.message ?? String(error)}`.slice(0, 500);
  if (status === 429) return new DeliveryError(message, { retryAfterMs: retryAfterMs(error) ?? 5_000 });
  if (options.channel && (status === 403 || status === 404)) {
    return new DeliveryError(`${message} (is the app installed in this channel's team?)`, { retryAfterMs: NOT_INSTALLED_RETRY_MS });
  }
  if (status !== undefined && [400, 403, 404, 410, 413].includes(status)) return new DeliveryError(message, { permanent: true });
  // A timeout, a cut connection or a server error: Teams may have posted the message and only the answer was lost.
  return new DeliveryError(message, { maybeDelivered: status === undefined || status >= 500 });
}

/** Network failures where no Bot Connector answered at all (a wrong or unreachable service URL), not its refusals. */
const UNREACHABLE = new Set(["ENOTFOUND", "EAI_AGAIN", "ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH"]);

export function isUnreachable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && UNREACHABLE.has(code) && statusOf(error) === undefined;
}

function statusOf(error: unknown): number | undefined {
  const e = error as { statusCode?: unknown; status?: unknown; response?: { status?: unknown } } | null;
  for (const candidate of [e?.statusCode, e?.response?.status, e?.status]) {
    if (typeof candidate === "number" && candidate >= 100) return candidate;
  }
  return undefined;
}

/** Retry-After in seconds or as an HTTP date, from the error's response headers. */
function retryAfterMs(error: unknown): number | undefined {
  const headers = (error as { response?: { headers?: unknown } } | null)?.response?.headers as
    | { get?: (name: string) => string | undefined | null }
    | Record<string, string | undefined>
    | undefined;
  if (!headers) return undefined;
  const raw = typeof headers.get === "function" ? headers.get("retry-after") : (headers as Record<string, string | undefined>)["retry-after"];
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
