import type { IncomingMessage, ServerResponse } from "node:http";
import { json, LoopbackServer, readBody } from "../../../support/loopback-server";

/** What the bot asked the Bot Connector to do. */
export type ConnectorCallKind = "send" | "reply" | "update" | "create";

export interface ConnectorCall {
  kind: ConnectorCallKind;
  method: string;
  /** The conversation id in the URL (decoded), with any `;messageid=` thread suffix. */
  conversationId: string;
  /** reply: the activity replied to; update: the activity replaced. */
  activityId?: string;
  /** The activity sent (for `create`: the thread's first post). */
  activity: Record<string, unknown>;
  /** The whole request body as sent, to measure it. */
  bodyBytes: number;
  /** create: the channel the thread was started in. */
  channelId?: string;
  /** create of a 1:1 chat (`isGroup: false`): the members named (their Teams ids). */
  members?: string[];
  /** The id the fake gave the new message. */
  resultId?: string;
  authorization?: string;
}

/** An Adaptive Card in a recorded activity. */
export type RecordedCard = Record<string, unknown> & { body: Array<Record<string, unknown>>; actions?: Array<Record<string, unknown>> };

/**
 * A local stand-in for the Bot Connector service: the activities the tests post carry its address as `serviceUrl`,
 * so every reply, update and proactive post of the bot lands here and is recorded. It answers like Teams (new
 * message ids; a new channel thread comes back as `channel;messageid=ID`) and fails calls on demand.
 */
export class FakeConnector extends LoopbackServer {
  readonly calls: ConnectorCall[] = [];
  private readonly failures: Array<{ status: number; retryAfter?: number; remaining: number; only?: ConnectorCallKind }> = [];
  private nextId = 1_700_000_000_000;
  /** Channels of each team the app is installed in, by team id (`GET /v3/teams/{id}/conversations`). */
  readonly teamChannels = new Map<string, string[]>();
  /** The app registration Azure AD knows, for the token service this fake also plays (`POST /{tenant}/oauth2/v2.0/token`). */
  registration: { appId: string; password: string; tenant: string } | null = null;
  /** How long the connector takes to answer each call (recorded on arrival): a slow Teams. */
  delayMs = 0;
  /** Tokens the token service handed out; the connector then requires one of them. */
  private readonly tokens = new Set<string>();

  /** Azure AD's address for `guichet doctor` (the login URL without a tenant). */
  get loginUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The `serviceUrl` to put in activities. */
  get serviceUrl(): string {
    return `http://127.0.0.1:${this.port}/`;
  }

  /** Makes the next `times` calls (of one kind, if given) fail with this status (and Retry-After, in seconds). */
  fail(status: number, times = 1, retryAfter?: number, only?: ConnectorCallKind): void {
    this.failures.push({ status, retryAfter, remaining: times, only });
  }

  clear(): void {
    this.calls.length = 0;
  }

  /** Everything posted in a conversation: new threads started in it, replies under its threads, chat messages. */
  postsIn(conversation: string): ConnectorCall[] {
    return this.calls.filter((c) => c.kind !== "update" && baseOf(c.channelId ?? c.conversationId) === conversation);
  }

  /** Posts under one thread of a channel (its root excluded). */
  repliesIn(channel: string, rootId: string): ConnectorCall[] {
    return this.calls.filter((c) => c.kind === "reply" && c.conversationId === `${channel};messageid=${rootId}`);
  }

  updatesOf(messageId: string): ConnectorCall[] {
    return this.calls.filter((c) => c.kind === "update" && c.activityId === messageId);
  }

  /** The card of the last post in a conversation. */
  lastCard(conversation: string): RecordedCard {
    const posts = this.postsIn(conversation);
    if (posts.length === 0) throw new Error(`nothing was posted in ${conversation}`);
    return cardOf(posts[posts.length - 1]);
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const path = decodeURIComponent((req.url ?? "/").split("?")[0]);
    if (req.method === "POST" && path.endsWith("/oauth2/v2.0/token")) return this.token(path, new URLSearchParams(raw), res);
    const team = /^\/v3\/teams\/([^/]+)\/conversations$/.exec(path);
    if (req.method === "GET" && team) return this.listTeamChannels(team[1], req.headers.authorization, res);
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    const call = this.route(req.method ?? "GET", path, body, Buffer.byteLength(raw));
    if (!call) {
      json(res, 404, { error: { code: "NotFound", message: `no route ${req.method} ${path}` } });
      return;
    }
    call.authorization = req.headers.authorization;
    this.calls.push(call);
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    const failure = this.failures.find((f) => f.remaining > 0 && (f.only === undefined || f.only === call.kind));
    if (failure) {
      failure.remaining -= 1;
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (failure.retryAfter !== undefined) headers["retry-after"] = String(failure.retryAfter);
      res.writeHead(failure.status, headers).end(JSON.stringify({ error: { code: "Failed", message: `fake failure ${failure.status}` } }));
      return;
    }
    if (call.kind === "create" && call.members) {
      // A 1:1 chat with one person: Teams answers with its conversation id (always the same for that person).
      json(res, 201, { id: oneToOneChatOf(call.members[0]) });
      return;
    }
    if (call.kind === "create") {
      call.resultId = this.newId();
      json(res, 201, { id: `${call.channelId};messageid=${call.resultId}`, activityId: call.resultId });
      return;
    }
    call.resultId = call.kind === "update" ? call.activityId : this.newId();
    json(res, 200, { id: call.resultId });
  }

  /** Azure AD's client-credentials grant, answering like Azure AD (AADSTS codes in `error_description`). */
  private token(path: string, form: URLSearchParams, res: ServerResponse): void {
    const app = this.registration;
    const tenant = path.split("/")[1];
    if (!app || tenant !== app.tenant) {
      return json(res, 400, { error: "invalid_request", error_description: `AADSTS90002: Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID.\r\nTrace ID: 0` });
    }
    if (form.get("client_id") !== app.appId) {
      return json(res, 400, { error: "unauthorized_client", error_description: `AADSTS700016: Application with identifier '${form.get("client_id")}' was not found in the directory.\r\nTrace ID: 0` });
    }
    if (form.get("client_secret") !== app.password) {
      return json(res, 401, { error: "invalid_client", error_description: "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.\r\nTrace ID: 0" });
    }
    const token = `fake-token-${this.tokens.size + 1}`;
    this.tokens.add(token);
    json(res, 200, { token_type: "Bearer", expires_in: 3599, access_token: token });
  }

  private listTeamChannels(team: string, authorization: string | undefined, res: ServerResponse): void {
    if (this.registration && !this.tokens.has((authorization ?? "").replace(/^Bearer /, ""))) {
      return json(res, 401, { message: "Authorization has been denied for this request." });
    }
    const channels = this.teamChannels.get(team);
    if (!channels) return json(res, 404, { error: { code: "NotFound", message: "team not found" } });
    json(res, 200, { conversations: channels.map((id) => ({ id, name: id === team ? null : id })) });
  }

  private route(method: string, path: string, body: Record<string, unknown>, bodyBytes: number): ConnectorCall | null {
    if (method === "POST" && path === "/v3/conversations") {
      const channelData = body.channelData as { channel?: { id?: string } } | undefined;
      const members = body.isGroup === false && Array.isArray(body.members) ? (body.members as Array<{ id: string }>).map((m) => m.id) : undefined;
      return { kind: "create", method, conversationId: "", channelId: channelData?.channel?.id, activity: body.activity as Record<string, unknown>, bodyBytes, ...(members ? { members } : {}) };
    }
    const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(path);
    if (!match) return null;
    const [, conversationId, activityId] = match;
    if (method === "POST" && !activityId) return { kind: "send", method, conversationId, activity: body, bodyBytes };
    if (method === "POST") return { kind: "reply", method, conversationId, activityId, activity: body, bodyBytes };
    if (method === "PUT" && activityId) return { kind: "update", method, conversationId, activityId, activity: body, bodyBytes };
    return null;
  }

  private newId(): string {
    this.nextId += 1;
    return String(this.nextId);
  }
}

/** The conversation id the fake gives a 1:1 chat the bot opens with a person (by their Teams id). */
export function oneToOneChatOf(memberId: string): string {
  return `a:1on1-${memberId}`;
}

/** The Adaptive Card a recorded activity carries. */
export function cardOf(call: ConnectorCall): RecordedCard {
  const attachments = (call.activity.attachments ?? []) as Array<{ contentType: string; content: RecordedCard }>;
  const card = attachments.find((a) => a.contentType === "application/vnd.microsoft.card.adaptive");
  if (!card) throw new Error(`no Adaptive Card in the ${call.kind} to ${call.conversationId}`);
  return card.content;
}

/** Every piece of text a card shows (TextBlocks, facts), in order, for assertions. */
export function cardText(card: Record<string, unknown>): string {
  const parts: string[] = [];
  const visit = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== "object" || node === null) return;
    const element = node as Record<string, unknown>;
    if (element.type === "TextBlock" && typeof element.text === "string") parts.push(element.text);
    if (element.type === "FactSet") for (const f of element.facts as Array<{ title: string; value: string }>) parts.push(`${f.title}: ${f.value}`);
    for (const key of ["body", "items", "card"]) if (key in element) visit(element[key]);
  };
  visit(card);
  return parts.join("\n");
}

function baseOf(conversationId: string): string {
  return conversationId.replace(/;messageid=.*$/, "");
}
