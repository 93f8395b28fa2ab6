import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Webhook signatures, in the scheme of Slack's request signing: `v0=` and the hex HMAC-SHA256, keyed with the shared
 * secret, of `v0:<timestamp>:<raw body>`, the timestamp in Unix seconds sent in its own header. The same scheme both
 * ways: guichet signs what it sends, and checks what other desks send to `POST /hooks/<desk>`.
 */
export const SIGNATURE_HEADER = "x-guichet-signature";
export const TIMESTAMP_HEADER = "x-guichet-request-timestamp";

/** A request signed longer ago than this, or this far in the future, is refused (it may be a replay). */
export const MAX_SKEW_SECONDS = 5 * 60;

export function signBody(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

/** Why a signed request is refused, or ok. */
export type SignatureCheck = "ok" | "missing" | "stale" | "mismatch";

export function checkSignature(secret: string, timestampHeader: string | undefined, signature: string | undefined, body: string, now: Date): SignatureCheck {
  if (!timestampHeader || !signature || !/^\d{1,12}$/.test(timestampHeader)) return "missing";
  const timestamp = Number(timestampHeader);
  if (Math.abs(now.getTime() / 1000 - timestamp) > MAX_SKEW_SECONDS) return "stale";
  const expected = Buffer.from(signBody(secret, timestamp, body));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected) ? "ok" : "mismatch";
}
