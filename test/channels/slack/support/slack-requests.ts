import { createHmac, randomUUID } from "node:crypto";
import { request } from "node:http";

/** Slack's request signature: `v0=` + HMAC-SHA256 of `v0:{timestamp}:{raw body}` with the signing secret. */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

export interface SignedPostOptions {
  /** Seconds since the epoch; now by default. */
  timestamp?: number;
  /** Replaces the computed signature (a forgery). */
  signature?: string;
  /** Signs with another secret. */
  secret?: string;
  headers?: Record<string, string>;
}

export interface HttpAnswer {
  status: number;
  body: string;
}

/** POSTs a body the way Slack does: signed, with a fresh timestamp unless told otherwise. */
export function postSigned(url: string, secret: string, body: string, contentType: string, options: SignedPostOptions = {}): Promise<HttpAnswer> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const signature = options.signature ?? slackSignature(options.secret ?? secret, timestamp, body);
  return httpPost(url, body, {
    "content-type": contentType,
    "x-slack-request-timestamp": String(timestamp),
    "x-slack-signature": signature,
    ...options.headers,
  });
}

/** A plain HTTP POST to 127.0.0.1 (tests never leave the machine). */
export function httpPost(url: string, body: string | Buffer, headers: Record<string, string>): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const req = request(
      { host: target.hostname, port: target.port, path: target.pathname, method: "POST", headers: { "content-length": String(Buffer.byteLength(body)), ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      },
    );
    // The server may answer and close before reading an oversized body: the answer is what counts.
    req.on("error", (error) => reject(error));
    req.end(body);
  });
}

/** The Events API envelope around an event. */
export function eventEnvelope(event: Record<string, unknown>, eventId = `Ev${randomUUID().slice(0, 8)}`): string {
  return JSON.stringify({
    token: "legacy-verification-token",
    team_id: "T0TEAM",
    api_app_id: "A0GUICHET",
    type: "event_callback",
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    event,
  });
}

/** Interactivity payloads (buttons, modals, shortcuts) arrive form-encoded as `payload=<json>`. */
export function interactionBody(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** Slash commands arrive as form fields. */
export function commandBody(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

export const FORM = "application/x-www-form-urlencoded";
export const JSON_TYPE = "application/json";
