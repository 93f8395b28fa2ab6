import type { IncomingMessage, ServerResponse } from "node:http";
import { checkSignature, SIGNATURE_HEADER, TIMESTAMP_HEADER } from "../../src/connectors/webhook/webhook-signature";
import type { ActionRequest } from "../../src/core/self-service/action-caller";
import { json, LoopbackServer, readBody } from "./loopback-server";

/**
 * A site's endpoint for guichet's self-service actions, written as the README's contract tells sites to: the
 * signature checked (HMAC-SHA256 of `v0:<timestamp>:<body>`, 5 minutes at most; 401 otherwise), the request acted on
 * once per `id` (a retry gets the first answer again), and an answer `{ ok, message }` or `{ ok: false, error }`.
 * This one unlocks accounts in a pretend directory: a known login is unlocked, an unknown one refused.
 */
export class ActionEndpoint extends LoopbackServer {
  /** Requests whose signature was good, every copy (a retry included). */
  readonly received: Array<{ request: ActionRequest; headers: IncomingMessage["headers"] }> = [];
  /** Accounts unlocked, once each per request id. */
  readonly unlocked: string[] = [];
  /** Deliveries refused for their signature. */
  refused = 0;
  /** Answers 500 to the next calls, this many times. */
  failNext = 0;
  /** Waits this long before answering (past guichet's timeout: no answer). */
  delayMs = 0;
  private readonly answers = new Map<string, { status: number; body: unknown }>();

  constructor(
    readonly secret: string,
    private readonly directory: ReadonlySet<string> = new Set(["amartin", "jdupont"]),
  ) {
    super();
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/unlock`;
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const check = checkSignature(this.secret, req.headers[TIMESTAMP_HEADER] as string | undefined, req.headers[SIGNATURE_HEADER] as string | undefined, body, new Date());
    if (check !== "ok") {
      this.refused++;
      return json(res, 401, { ok: false, error: `signature ${check}` });
    }
    const request = JSON.parse(body) as ActionRequest;
    this.received.push({ request, headers: req.headers });
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    if (this.failNext > 0) {
      this.failNext--;
      return json(res, 500, { error: "directory unavailable" });
    }
    // The same request again (guichet's retry after a lost answer): the first answer, nothing done twice.
    const earlier = this.answers.get(request.id);
    if (earlier) return json(res, earlier.status, earlier.body);
    const login = request.fields.login ?? "";
    const answer = this.directory.has(login)
      ? { status: 200, body: { ok: true, message: { fr: `Le compte ${login} est débloqué : reconnectez-vous.`, en: `The account ${login} is unlocked: sign in again.` } } }
      : { status: 200, body: { ok: false, error: `no account "${login}" in the directory` } };
    if (answer.body.ok) this.unlocked.push(login);
    this.answers.set(request.id, answer);
    json(res, answer.status, answer.body);
  }
}
