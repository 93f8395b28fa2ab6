import type { ServerResponse } from "node:http";
import { HTTPModuleFunctions, verifySlackRequest, type App, type Receiver } from "@slack/bolt";
import { logger } from "../../logger";
import { readCappedBody } from "../http-body";
import type { RouteHandler } from "../http-server";
import { guardSlackRequest, MAX_BODY_BYTES } from "./http-request-guard";
import type { IngressAnswer, SlackIngress } from "./slack-ingress";

/**
 * Slack's HTTP mode, `POST /slack/events` on the shared server, in place of Bolt's HTTPReceiver: that receiver runs
 * its work in a promise nobody awaits, so a signed body it did not expect (JSON `null`) threw where nothing caught
 * it and ended the process. Here every step is awaited by the server's route, which answers 500 to anything
 * unexpected: the size and timestamp guard, the signature (Bolt's own check), the parsing, Slack's two handshakes,
 * then the ingress, whose answer is written back.
 */
export class SlackHttpReceiver implements Receiver {
  constructor(
    private readonly signingSecret: string,
    private readonly ingress: SlackIngress,
  ) {}

  init(app: App): void {
    this.ingress.attach(app);
  }

  /** The shared HTTP server listens; the receiver has no server of its own. */
  start(): Promise<void> {
    return Promise.resolve();
  }

  stop(): Promise<void> {
    return Promise.resolve();
  }

  readonly handle: RouteHandler = async (req, res) => {
    if (!guardSlackRequest(req, res)) return;
    const raw = await readCappedBody(req, MAX_BODY_BYTES);
    if (raw === "too_large") return write(res, { status: 413 });
    const text = raw.toString("utf8");
    const form = String(req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded");
    // Slack's SSL check is not signed and asks for nothing but a 200.
    if (form && new URLSearchParams(text).get("ssl_check") === "1") return write(res, { status: 200 });
    try {
      verifySlackRequest({
        signingSecret: this.signingSecret,
        body: text,
        headers: {
          "x-slack-signature": String(req.headers["x-slack-signature"] ?? ""),
          "x-slack-request-timestamp": Number(req.headers["x-slack-request-timestamp"]),
        },
      });
    } catch (error) {
      logger.warn({ event: "slack.refused", reason: (error as Error).message });
      return write(res, { status: 401 });
    }
    let body: unknown;
    try {
      body = parseBody(text, form);
    } catch {
      return write(res, { status: 400, body: { error: "the body is not JSON" } });
    }
    const handshake = urlVerification(body);
    if (handshake) return write(res, handshake);
    write(res, await this.ingress.accept(body, {
      retryNum: HTTPModuleFunctions.extractRetryNumFromHTTPRequest(req),
      retryReason: HTTPModuleFunctions.extractRetryReasonFromHTTPRequest(req),
    }));
  };
}

/** Events come as JSON; interactions as a form whose `payload` field is JSON; slash commands as plain form fields. */
function parseBody(text: string, form: boolean): unknown {
  if (!form) return JSON.parse(text);
  const fields = Object.fromEntries(new URLSearchParams(text));
  return typeof fields.payload === "string" ? JSON.parse(fields.payload) : fields;
}

/** Slack checks a new request URL by asking it to repeat a challenge. */
function urlVerification(body: unknown): IngressAnswer | null {
  const record = body as { type?: unknown; challenge?: unknown } | null;
  if (typeof record !== "object" || record === null || record.type !== "url_verification") return null;
  if (typeof record.challenge !== "string") return { status: 400, body: { error: "url_verification without a challenge" } };
  return { status: 200, body: { challenge: record.challenge } };
}

/** Writes an answer as Bolt would: a string as text, an object as JSON, nothing as an empty 200. */
function write(res: ServerResponse, answer: { status: number; body?: unknown }): void {
  const { status, body } = answer;
  if (body === undefined || body === "") {
    res.writeHead(status).end();
  } else if (typeof body === "string") {
    res.writeHead(status, { "content-type": "text/plain; charset=utf-8" }).end(body);
  } else {
    res.writeHead(status, { "content-type": "application/json; charset=utf-8" }).end(JSON.stringify(body));
  }
}
