import { z } from "zod";
import { localizedTextSchema } from "../../config/localized-text";
import type { ActionCaller, ActionRequest, ActionResult } from "../../core/self-service/action-caller";
import { sendRequest } from "../http-call";
import { SIGNATURE_HEADER, signBody, TIMESTAMP_HEADER } from "../webhook/webhook-signature";

/** Where an action's endpoint is and the secret its calls are signed with (GUICHET_ACTION_<ID>_URL and _SECRET). */
export interface ActionEndpoint {
  url: string;
  secret: string;
}

/** The endpoint's answer, as the contract says (README, "Self-service actions"). */
const answerSchema = z.union([
  z.object({ ok: z.literal(true), message: localizedTextSchema.optional() }),
  z.object({ ok: z.literal(false), error: z.string().optional() }),
]);

/** Longest text of an endpoint's kept for the requester or the ticket. */
const MAX_TEXT = 1000;

/**
 * Calls the site's endpoints of self-service actions: a POST of the request as JSON, signed like guichet's webhooks
 * (Slack's scheme: `v0=` and the hex HMAC-SHA256 of `v0:<timestamp>:<body>` with the action's secret), with a
 * timeout. guichet never touches a directory itself: the site's endpoint does, and says what it did.
 */
export class HttpActionCaller implements ActionCaller {
  constructor(
    private readonly endpoints: ReadonlyMap<string, ActionEndpoint>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async call(request: ActionRequest, timeoutMs: number): Promise<ActionResult> {
    const endpoint = this.endpoints.get(request.action);
    if (!endpoint) return { ok: false, failure: "unreachable", detail: `no endpoint for ${request.action}`, retryable: false };
    const body = JSON.stringify(request);
    const timestamp = Math.floor(this.now().getTime() / 1000);
    const response = await sendRequest({
      method: "POST",
      url: endpoint.url,
      headers: {
        "user-agent": "guichet",
        [TIMESTAMP_HEADER]: String(timestamp),
        [SIGNATURE_HEADER]: signBody(endpoint.secret, timestamp, body),
        "x-guichet-action": request.action,
        "x-guichet-delivery": request.id,
      },
      body,
      timeoutMs,
    });
    if (!(response instanceof Response)) {
      if (response.failed === "timeout") return { ok: false, failure: "timeout", detail: `no answer within ${timeoutMs} ms`, retryable: true };
      return { ok: false, failure: "unreachable", detail: response.code ?? response.message, retryable: true };
    }
    const text = await response.text().catch(() => "");
    if (response.status < 200 || response.status >= 300) {
      // A server error or a rate limit may pass; anything else (a refusal, a redirect) will not.
      const retryable = response.status >= 500 || response.status === 429 || response.status === 408;
      return { ok: false, failure: "refused", status: response.status, detail: text.slice(0, MAX_TEXT), retryable };
    }
    const answer = answerSchema.safeParse(parseJson(text));
    if (!answer.success) return { ok: false, failure: "refused", status: response.status, detail: `not the contract's answer: ${text.slice(0, 200)}`, retryable: false };
    if (!answer.data.ok) return { ok: false, failure: "declined", detail: (answer.data.error ?? "").slice(0, MAX_TEXT), retryable: false };
    const message = answer.data.message;
    return { ok: true, message: message === undefined ? null : typeof message === "string" ? message.slice(0, MAX_TEXT) : { ...Object.fromEntries(Object.entries(message).map(([lang, text]) => [lang, text.slice(0, MAX_TEXT)])), fr: message.fr.slice(0, MAX_TEXT), en: message.en.slice(0, MAX_TEXT) } };
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
