import { DeliveryError } from "../core/outbox/channel-sender";

export interface HttpAnswer {
  status: number;
  headers: Headers;
  /** The parsed JSON body, or the text when it is not JSON (null when empty). */
  body: unknown;
}

export interface HttpRequest {
  method: "GET" | "POST" | "PUT" | "DELETE";
  url: string;
  headers?: Record<string, string>;
  /** Sent as is when a string (a signed webhook body), else as JSON. */
  body?: unknown;
  timeoutMs: number;
}

/** What became of a request: the response, or why none came (no answer in time, or no connection). */
export type SentRequest = Response | { failed: "timeout" } | { failed: "unreachable"; code: string | undefined; message: string };

/** Sends one request with its timeout, JSON headers added; redirects are not followed. Never throws for the network. */
export async function sendRequest(request: HttpRequest): Promise<SentRequest> {
  const headers: Record<string, string> = { accept: "application/json", ...request.headers };
  let body: string | undefined;
  if (request.body !== undefined) {
    body = typeof request.body === "string" ? request.body : JSON.stringify(request.body);
    headers["content-type"] ??= "application/json";
  }
  try {
    return await fetch(request.url, { method: request.method, headers, body, signal: AbortSignal.timeout(request.timeoutMs), redirect: "manual" });
  } catch (error) {
    if ((error as Error).name === "TimeoutError" || (error as Error).name === "AbortError") return { failed: "timeout" };
    return { failed: "unreachable", code: (error as { cause?: { code?: string } }).cause?.code, message: (error as Error).message };
  }
}

/**
 * One HTTP call to another system, with a timeout. A call that cannot be made or gets no answer is a
 * `DeliveryError`: refused before sending (nothing reached the system) or cut after (it may have acted: the outbox
 * says so on the next attempt). `system` names the system in the messages, which the ticket card shows.
 */
export async function httpCall(system: string, request: HttpRequest): Promise<HttpAnswer> {
  const response = await sendRequest(request);
  if (!(response instanceof Response)) {
    if (response.failed === "timeout") {
      throw new DeliveryError(`no answer from ${system} within ${Math.round(request.timeoutMs / 1000)} s`, { maybeDelivered: request.method !== "GET" });
    }
    const refused = response.code === "ECONNREFUSED" || response.code === "ENOTFOUND" || response.code === "EAI_AGAIN";
    throw new DeliveryError(`${system} unreachable (${response.code ?? response.message})`, { maybeDelivered: !refused && request.method !== "GET" });
  }
  const text = await response.text();
  let parsed: unknown = text === "" ? null : text;
  try {
    if (text !== "") parsed = JSON.parse(text);
  } catch {
    // Not JSON (an HTML error page from a proxy): kept as text for the message.
  }
  return { status: response.status, headers: response.headers, body: parsed };
}

/**
 * The error for an answer that is not a success: a rate limit or a server error is tried again later (a server error
 * may have acted), refused credentials too (an operator fixes them without losing the call), anything else is
 * permanent. `detail` is what the system said, kept short for the card.
 */
export function httpFailure(system: string, answer: HttpAnswer, detail: string): DeliveryError {
  const message = `${system} answered ${answer.status}${detail ? ` ${detail}` : ""}`.slice(0, 300);
  if (answer.status === 429) {
    const seconds = Number(answer.headers.get("retry-after"));
    return new DeliveryError(message, Number.isFinite(seconds) && seconds > 0 ? { retryAfterMs: seconds * 1000 } : {});
  }
  if (answer.status >= 500 || answer.status === 408) return new DeliveryError(message, { maybeDelivered: true });
  if (answer.status === 401 || answer.status === 403) return new DeliveryError(message);
  return new DeliveryError(message, { permanent: true });
}

/** A URL under `base` (which may or may not end with a slash). */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`;
}
