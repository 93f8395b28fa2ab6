import type { IncomingMessage, ServerResponse } from "node:http";
import { checkSignature, SIGNATURE_HEADER, TIMESTAMP_HEADER } from "../../src/connectors/webhook/webhook-signature";
import type { TicketEventBody } from "../../src/core/external-desks/ticket-event";
import { json, LoopbackServer, readBody } from "./loopback-server";

/**
 * A system that receives guichet's signed webhooks, as the README tells receivers to: the signature is checked
 * (HMAC-SHA256 of `v0:<timestamp>:<body>` with the shared secret, 5 minutes at most), a bad one answered 401 and
 * kept apart; events are de-duplicated on their id. A creation is answered with a reference, like a helpdesk would.
 */
export class WebhookReceiver extends LoopbackServer {
  /** Events accepted (signature good), first copy of each id only. */
  readonly events: TicketEventBody[] = [];
  /** Deliveries refused for their signature. */
  refused = 0;
  /** The event id of every delivery whose signature was good, whatever the answer. */
  readonly deliveries: string[] = [];
  /** Answers 500 to the next deliveries, this many times. */
  failNext = 0;

  constructor(
    readonly secret: string,
    /** The reference given to a ticket created here (null: answer with no body). */
    private readonly reference: ((ticketId: number) => string) | null = (id) => `RIC-${id}`,
  ) {
    super();
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/events`;
  }

  ofType(type: string): TicketEventBody[] {
    return this.events.filter((e) => e.type === type);
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const check = checkSignature(this.secret, req.headers[TIMESTAMP_HEADER] as string | undefined, req.headers[SIGNATURE_HEADER] as string | undefined, body, new Date());
    if (check !== "ok") {
      this.refused++;
      return json(res, 401, { error: `signature ${check}` });
    }
    const event = JSON.parse(body) as TicketEventBody;
    this.deliveries.push(event.id);
    if (this.failNext > 0) {
      this.failNext--;
      return json(res, 500, { error: "down" });
    }
    if (req.headers["x-guichet-delivery"] !== event.id || req.headers["x-guichet-event"] !== event.type) return json(res, 400, { error: "headers do not match the body" });
    if (!this.events.some((e) => e.id === event.id)) this.events.push(event);
    if (event.type === "ticket.created" && event.desk && this.reference) {
      return json(res, 201, { id: String(event.ticket.id), reference: this.reference(event.ticket.id) });
    }
    res.writeHead(204).end();
  }
}
