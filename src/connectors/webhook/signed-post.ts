import type { TicketEventBody } from "../../core/external-desks/ticket-event";
import { httpCall, httpFailure, type HttpAnswer } from "../http-call";
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, signBody } from "./webhook-signature";

export interface SignedTarget {
  /** Names the receiver in messages (the desk's or the webhook's id). */
  name: string;
  url: string;
  secret: string;
  timeoutMs: number;
}

/**
 * POSTs one event as JSON, signed (README, "Working with an existing helpdesk"): `X-Guichet-Signature`,
 * `X-Guichet-Request-Timestamp`, and `X-Guichet-Event` and `X-Guichet-Delivery` (the event's type and id, the same
 * on every retry). Any 2xx is a success; anything else fails, to be tried again when a retry may help.
 */
export async function postSignedEvent(target: SignedTarget, event: TicketEventBody, now: Date): Promise<HttpAnswer> {
  const body = JSON.stringify(event);
  const timestamp = Math.floor(now.getTime() / 1000);
  const answer = await httpCall(target.name, {
    method: "POST",
    url: target.url,
    headers: {
      "user-agent": "guichet",
      [TIMESTAMP_HEADER]: String(timestamp),
      [SIGNATURE_HEADER]: signBody(target.secret, timestamp, body),
      "x-guichet-event": event.type,
      "x-guichet-delivery": event.id,
    },
    body,
    timeoutMs: target.timeoutMs,
  });
  if (answer.status < 200 || answer.status >= 300) throw httpFailure(target.name, answer, `(${event.type})`);
  return answer;
}
