import type { IncomingMessage, ServerResponse } from "node:http";
import { json, LoopbackServer, readBody } from "./loopback-server";

export interface ZammadTicket {
  id: number;
  number: string;
  title: string;
  group_id: number;
  priority_id: number;
  state_id: number;
  customer_id: number;
  article_ids: number[];
}

export interface ZammadArticle {
  id: number;
  ticket_id: number;
  from: string;
  body: string;
  content_type: string;
  type: string;
  internal: boolean;
  sender_id: number;
  created_at: string;
}

/** Zammad's default states and priorities (GET /api/v1/ticket_states, /ticket_priorities). */
const STATES: Record<number, string> = { 1: "new", 2: "open", 3: "pending reminder", 4: "closed", 5: "merged", 6: "removed", 7: "pending close" };
const PRIORITIES: Record<number, string> = { 1: "1 low", 2: "2 normal", 3: "3 high" };
/** Ticket::Article::Sender: 1 Agent, 2 Customer, 3 System. */
const SENDERS: Record<number, string> = { 1: "Agent", 2: "Customer", 3: "System" };

/**
 * A local Zammad REST API (/api/v1), as its documentation (zammad-documentation api/ticket/*.rst) and controllers
 * (tickets_controller.rb, application_controller/authenticates.rb and handles_errors.rb) describe it:
 * `Authorization: Token token=…` (401 "Can't find User for Token" for an unknown token, 403 "Authentication
 * required" without one), errors as `{"error", "error_human"}`, tickets created with 201 and `customer_id:
 * "guess:<email>"`, names of group, state and priority turned into ids, `?expand=true` answering with names, 404
 * "Couldn't find Ticket with 'id'=N".
 */
export class FakeZammad extends LoopbackServer {
  readonly tickets = new Map<number, ZammadTicket>();
  readonly articles: ZammadArticle[] = [];
  readonly customers = new Map<string, number>();
  readonly requests: string[] = [];
  readonly groups = new Map<string, number>([["Users", 1], ["2nd Level", 2]]);
  failNext = 0;
  private nextTicket = 40;
  private nextArticle = 500;

  constructor(readonly token = "zammad-token") {
    super();
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** An agent of the other desk writes on the ticket (public unless said). */
  agentReply(ticketId: number, body: string, options: { internal?: boolean; from?: string; contentType?: string } = {}): ZammadArticle {
    return this.addArticle(ticketId, { body, internal: options.internal ?? false, from: options.from ?? "Chris Agent", sender_id: 1, content_type: options.contentType ?? "text/html" });
  }

  setState(ticketId: number, name: string): void {
    const id = Object.entries(STATES).find(([, state]) => state === name)?.[0];
    if (!id) throw new Error(`no Zammad state ${name}`);
    this.ticket(ticketId).state_id = Number(id);
  }

  stateOf(ticketId: number): string {
    return STATES[this.ticket(ticketId).state_id];
  }

  ticket(id: number): ZammadTicket {
    const ticket = this.tickets.get(id);
    if (!ticket) throw new Error(`no Zammad ticket ${id}`);
    return ticket;
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const path = url.pathname.replace(/\/+$/, "");
    const raw = await readBody(req);
    this.requests.push(`${req.method} ${path}`);
    const authorization = req.headers.authorization;
    if (!authorization) return failure(res, 403, "Authentication required");
    const token = /^Token token=(.+)$/.exec(authorization)?.[1];
    if (token !== this.token) return failure(res, 401, "Can't find User for Token");
    if (this.failNext > 0) {
      this.failNext--;
      return json(res, 500, { error: "Error ID x1Y2z3: Please contact your administrator." });
    }
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    const expand = url.searchParams.get("expand") === "true";
    let match: RegExpExecArray | null;
    if (req.method === "GET" && path === "/api/v1/users/me") return json(res, 200, { id: 3, login: "guichet@univ-exemple.fr", active: true });
    if (req.method === "POST" && path === "/api/v1/tickets") return this.createTicket(res, body);
    if ((match = /^\/api\/v1\/tickets\/(\d+)$/.exec(path))) {
      const ticket = this.tickets.get(Number(match[1]));
      if (!ticket) return failure(res, 404, `Couldn't find Ticket with 'id'=${match[1]}`);
      if (req.method === "GET") return json(res, 200, expand ? this.expanded(ticket) : ticket);
      if (req.method === "PUT") {
        if (typeof body.state === "string") this.setState(ticket.id, body.state);
        const article = body.article as Record<string, unknown> | undefined;
        if (article) this.addArticle(ticket.id, { body: String(article.body ?? ""), internal: article.internal === true, from: "guichet", sender_id: 1, content_type: String(article.content_type ?? "text/html") });
        return json(res, 200, ticket);
      }
      if (req.method === "DELETE") {
        this.tickets.delete(ticket.id);
        return json(res, 200, {});
      }
    }
    if (req.method === "POST" && path === "/api/v1/ticket_articles") {
      const ticket = this.tickets.get(Number(body.ticket_id));
      if (!ticket) return failure(res, 404, `Couldn't find Ticket with 'id'=${String(body.ticket_id)}`);
      const sender = Number(Object.entries(SENDERS).find(([, name]) => name === body.sender)?.[0] ?? 1);
      const article = this.addArticle(ticket.id, { body: String(body.body ?? ""), internal: body.internal === true, from: "guichet", sender_id: sender, content_type: String(body.content_type ?? "text/html") });
      return json(res, 201, article);
    }
    if (req.method === "GET" && (match = /^\/api\/v1\/ticket_articles\/by_ticket\/(\d+)$/.exec(path))) {
      if (!this.tickets.has(Number(match[1]))) return failure(res, 404, `Couldn't find Ticket with 'id'=${match[1]}`);
      const list = this.articles.filter((a) => a.ticket_id === Number(match?.[1]));
      return json(res, 200, list.map((a) => (expand ? { ...a, sender: SENDERS[a.sender_id] } : a)));
    }
    return failure(res, 404, `No route matches [${req.method}] "${path}"`);
  }

  private createTicket(res: ServerResponse, body: Record<string, unknown>): void {
    const group = this.groups.get(String(body.group ?? ""));
    if (!group) return failure(res, 422, `No lookup value found for 'group': ${JSON.stringify(body.group)}`);
    const guess = /^guess:(.+@.+)$/.exec(String(body.customer_id ?? ""));
    if (!guess) return failure(res, 422, "Attribute 'customer_id' required!");
    const email = guess[1].toLowerCase();
    if (!this.customers.has(email)) this.customers.set(email, 100 + this.customers.size);
    const priority = Number(Object.entries(PRIORITIES).find(([, name]) => name === body.priority)?.[0] ?? 2);
    const id = this.nextTicket++;
    const ticket: ZammadTicket = {
      id, number: String(22000 + id), title: String(body.title ?? ""), group_id: group, priority_id: priority, state_id: 1,
      customer_id: this.customers.get(email) as number, article_ids: [],
    };
    this.tickets.set(id, ticket);
    const article = body.article as Record<string, unknown> | undefined;
    if (article) this.addArticle(id, { body: String(article.body ?? ""), internal: article.internal === true, from: email, sender_id: 2, content_type: String(article.content_type ?? "text/html") });
    json(res, 201, ticket);
  }

  private addArticle(ticketId: number, fields: Pick<ZammadArticle, "body" | "internal" | "from" | "sender_id" | "content_type">): ZammadArticle {
    const article: ZammadArticle = { id: this.nextArticle++, ticket_id: ticketId, type: "note", created_at: new Date().toISOString(), ...fields };
    this.articles.push(article);
    this.tickets.get(ticketId)?.article_ids.push(article.id);
    return article;
  }

  private expanded(ticket: ZammadTicket): Record<string, unknown> {
    const group = [...this.groups].find(([, id]) => id === ticket.group_id)?.[0];
    const customer = [...this.customers].find(([, id]) => id === ticket.customer_id)?.[0];
    return { ...ticket, state: STATES[ticket.state_id], priority: PRIORITIES[ticket.priority_id], group, customer };
  }
}

function failure(res: ServerResponse, status: number, message: string): void {
  json(res, status, { error: message, error_human: message });
}
