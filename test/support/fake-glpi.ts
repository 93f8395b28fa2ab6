import type { IncomingMessage, ServerResponse } from "node:http";
import { json, LoopbackServer, readBody } from "./loopback-server";

export interface GlpiTicket {
  id: number;
  name: string;
  content: string;
  status: number;
  type: number;
  urgency: number;
  impact: number;
  itilcategories_id: number;
  entities_id: number;
  users_id_recipient: number;
  _users_id_requester?: number;
  _users_id_requester_notif?: { use_notification: number; alternative_email: string[] };
  is_deleted: number;
}

export interface GlpiFollowup {
  id: number;
  itemtype: "Ticket";
  items_id: number;
  users_id: number;
  content: string;
  is_private: number;
}

export interface GlpiSolution {
  id: number;
  itemtype: "Ticket";
  items_id: number;
  users_id: number;
  content: string;
  status: number;
}

/** The API user guichet logs in as, and a technician of the other desk. */
const USERS: Record<number, string> = { 7: "guichet-api", 12: "Jean Technicien" };
const API_USER = 7;
export const GLPI_TECHNICIAN = 12;

/**
 * A local GLPI REST API (apirest.php), as its documentation (apirest.md) and source (src/Api/API.php) describe it:
 * App-Token checked on every call when the API client has one (400 ERROR_WRONG_APP_TOKEN_PARAMETER), initSession with
 * `Authorization: user_token …` (401 ERROR_GLPI_LOGIN_USER_TOKEN for a bad one), every other call with a
 * Session-Token (400 when missing, 401 ERROR_SESSION_TOKEN_INVALID when unknown or killed), errors as
 * `["ERROR_CODE", "message"]`, items added with 201 `{"id", "message"}`, 404 ERROR_ITEM_NOT_FOUND for a missing
 * item, GET requests with no body, `expand_dropdowns` naming users.
 */
export class FakeGlpi extends LoopbackServer {
  readonly tickets = new Map<number, GlpiTicket>();
  readonly followups: GlpiFollowup[] = [];
  readonly solutions: GlpiSolution[] = [];
  /** Every request, as "METHOD /path". */
  readonly requests: string[] = [];
  readonly sessions = new Set<string>();
  killed = 0;
  /** Answers 500 to the next requests (any path but the session calls), this many times. */
  failNext = 0;
  /** While set, a ticket creation waits for this before it is made (a slow GLPI); `creating` says one is waiting. */
  hold: Promise<void> | null = null;
  creating = false;
  private nextId = 100;
  private nextItem = 1000;

  constructor(
    readonly userToken = "glpi-user-token",
    readonly appToken: string | null = "glpi-app-token",
  ) {
    super();
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/apirest.php`;
  }

  /** A technician of the other desk answers on the ticket (public unless said). */
  reply(ticketId: number, content: string, options: { private?: boolean; users_id?: number } = {}): GlpiFollowup {
    const followup: GlpiFollowup = {
      id: this.nextItem++, itemtype: "Ticket", items_id: ticketId, users_id: options.users_id ?? GLPI_TECHNICIAN, content, is_private: options.private ? 1 : 0,
    };
    this.followups.push(followup);
    return followup;
  }

  /** The technician solves the ticket with a solution (status 5, solved). */
  solve(ticketId: number, content: string): void {
    this.solutions.push({ id: this.nextItem++, itemtype: "Ticket", items_id: ticketId, users_id: GLPI_TECHNICIAN, content, status: 2 });
    this.ticket(ticketId).status = 5;
  }

  ticket(id: number): GlpiTicket {
    const ticket = this.tickets.get(id);
    if (!ticket) throw new Error(`no GLPI ticket ${id}`);
    return ticket;
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const path = url.pathname.replace(/^\/apirest\.php/, "").replace(/\/+$/, "");
    const body = await readBody(req);
    this.requests.push(`${req.method} ${path}`);
    if (req.method === "GET" && body !== "") return error(res, 400, "ERROR_JSON_PAYLOAD_FORBIDDEN", "GET requests must not have a body");
    if (this.appToken) {
      const given = header(req, "app-token");
      if (!given) return error(res, 400, "ERROR_APP_TOKEN_PARAMETERS_MISSING", "missing parameter app_token");
      if (given !== this.appToken) return error(res, 400, "ERROR_WRONG_APP_TOKEN_PARAMETER", "parameter app_token seems wrong");
    }
    if (path === "/initSession") return this.initSession(req, res);
    const session = header(req, "session-token");
    if (!session) return error(res, 400, "ERROR_SESSION_TOKEN_MISSING", "parameter session_token is missing or empty");
    if (!this.sessions.has(session)) return error(res, 401, "ERROR_SESSION_TOKEN_INVALID", "session_token seems invalid");
    if (path === "/killSession") {
      this.sessions.delete(session);
      this.killed++;
      return json(res, 200, true);
    }
    if (this.failNext > 0) {
      this.failNext--;
      return error(res, 500, "ERROR_SQL", "Unexpected error");
    }
    const input = body ? (JSON.parse(body) as { input?: Record<string, unknown> }).input : undefined;
    const expand = url.searchParams.get("expand_dropdowns") === "true";
    let match: RegExpExecArray | null;
    if (req.method === "POST" && path === "/Ticket") {
      if (this.hold) {
        this.creating = true;
        await this.hold;
      }
      return this.addTicket(res, input);
    }
    if ((match = /^\/Ticket\/(\d+)$/.exec(path))) {
      const ticket = this.tickets.get(Number(match[1]));
      if (!ticket) return error(res, 404, "ERROR_ITEM_NOT_FOUND", "Item not found");
      if (req.method === "GET") return json(res, 200, expand ? { ...ticket, users_id_recipient: USERS[ticket.users_id_recipient] } : ticket);
      if (req.method === "PUT") {
        Object.assign(ticket, input ?? {});
        return json(res, 200, [{ [String(ticket.id)]: true, message: "" }]);
      }
    }
    if ((match = /^\/Ticket\/(\d+)\/(ITILFollowup|ITILSolution)$/.exec(path))) {
      const id = Number(match[1]);
      if (!this.tickets.has(id)) return error(res, 404, "ERROR_ITEM_NOT_FOUND", "Item not found");
      if (match[2] === "ITILFollowup" && req.method === "POST") {
        if (!input || input.itemtype !== "Ticket" || Number(input.items_id) !== id) return error(res, 400, "ERROR_GLPI_ADD", "itemtype and items_id are required");
        const followup = this.reply(id, String(input.content ?? ""), { private: Number(input.is_private) === 1, users_id: API_USER });
        return json(res, 201, { id: followup.id, message: "" });
      }
      if (req.method === "GET") {
        const items = (match[2] === "ITILFollowup" ? this.followups : this.solutions).filter((f) => f.items_id === id);
        return json(res, 200, items.map((item) => (expand ? { ...item, users_id: USERS[item.users_id] } : item)));
      }
    }
    return error(res, 400, "ERROR_ITEMTYPE_NOT_FOUND_NOR_COMMONDBTM", `resource ${path} not found`);
  }

  private initSession(req: IncomingMessage, res: ServerResponse): void {
    const authorization = header(req, "authorization");
    if (!authorization?.startsWith("user_token ")) return error(res, 400, "ERROR_LOGIN_PARAMETERS_MISSING", "parameter(s) login, password or user_token are missing");
    if (authorization.slice("user_token ".length) !== this.userToken) return error(res, 401, "ERROR_GLPI_LOGIN_USER_TOKEN", "parameter user_token seems invalid");
    const token = `session-${this.sessions.size + this.killed + 1}-${Math.random().toString(16).slice(2)}`;
    this.sessions.add(token);
    json(res, 200, { session_token: token });
  }

  private addTicket(res: ServerResponse, input: Record<string, unknown> | undefined): void {
    if (!input || typeof input.name !== "string" || typeof input.content !== "string") return error(res, 400, "ERROR_BAD_ARRAY", "input parameter must be an array of objects");
    const ticket: GlpiTicket = {
      id: this.nextId++,
      name: input.name,
      content: input.content,
      status: 1,
      type: Number(input.type ?? 1),
      urgency: Number(input.urgency ?? 3),
      impact: Number(input.impact ?? 3),
      itilcategories_id: Number(input.itilcategories_id ?? 0),
      entities_id: Number(input.entities_id ?? 0),
      users_id_recipient: API_USER,
      _users_id_requester: input._users_id_requester as number | undefined,
      _users_id_requester_notif: input._users_id_requester_notif as GlpiTicket["_users_id_requester_notif"],
      is_deleted: 0,
    };
    this.tickets.set(ticket.id, ticket);
    res.setHeader("location", `${this.url}/Ticket/${ticket.id}`);
    json(res, 201, { id: ticket.id, message: "" });
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function error(res: ServerResponse, status: number, code: string, message: string): void {
  json(res, status, [code, message]);
}
