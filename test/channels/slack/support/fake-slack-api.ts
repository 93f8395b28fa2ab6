import type { IncomingMessage, ServerResponse } from "node:http";
import { json, LoopbackServer, readBytes } from "../../../support/loopback-server";
import { FakeFileUploads } from "./fake-file-uploads";
import type { FakeSocketMode } from "./fake-socket-mode";

/** One call the app made to the Web API (or to a response URL), with its arguments decoded. */
export interface RecordedCall {
  method: string;
  /** When the call arrived (milliseconds since the epoch): `npm run load` measures from it. */
  at?: number;
  args: Record<string, unknown>;
  /** What the fake answered (for chat.postMessage: the message's `ts`). */
  result?: Record<string, unknown>;
  /** The token the call was made with (the Authorization header). */
  authorization?: string;
}

/** How the fake answers a call it is told to fail. */
export type FakeFailure =
  | { status: 429; retryAfter: number }
  /** `carriedOut`: the call is done (a message posted) and only the answer is lost, as when Slack times out. */
  | { status: 500 | 503; carriedOut?: boolean }
  | { error: string };

export interface FakeUser {
  real_name: string;
  email?: string;
  locale?: string;
  /** A deactivated account. */
  deleted?: boolean;
}

/** A channel as `conversations.info` describes it. */
export interface FakeChannel {
  name: string;
  /** Whether the bot is in it. */
  is_member: boolean;
  is_private?: boolean;
  is_archived?: boolean;
  is_im?: boolean;
}

export const BOT_USER_ID = "U0BOT";
export const BOT_ID = "B0BOT";

/**
 * A local stand-in for Slack's Web API (`SLACK_API_URL` points the app at it) and for response URLs. It records every
 * call, answers like Slack (form-encoded bodies, with `blocks` and `view` as JSON strings), hands out increasing
 * message timestamps, and fails calls on demand: HTTP 429 with Retry-After, 5xx, or `ok: false` errors.
 */
export class FakeSlackApi extends LoopbackServer {
  readonly calls: RecordedCall[] = [];
  readonly users = new Map<string, FakeUser>();
  /** Channels `conversations.info` knows; any other id is `channel_not_found`. */
  readonly channels = new Map<string, FakeChannel>();
  /** The token's scopes, sent in the `x-oauth-scopes` header of every Web API answer, as Slack does (null: no header). */
  scopes: string[] | null = null;
  /** Every Web API answer waits this long, as Slack's take tens of milliseconds. */
  latencyMs = 0;
  /** Web API calls being answered right now, and the most at once. */
  inFlight = 0;
  maxInFlight = 0;
  /** Timestamps of messages deleted with chat.delete. */
  readonly deleted = new Set<string>();
  /** Where `apps.connections.open` sends the app (Socket Mode); without it, the call is refused. */
  socketMode: FakeSocketMode | null = null;
  /** Files uploaded and shared with files.uploadV2's three steps. */
  readonly files = new FakeFileUploads();
  private readonly failures: Array<{ method: string; failure: FakeFailure; remaining: number }> = [];
  private clock = 0;

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  responseUrl(id: string): string {
    return `http://127.0.0.1:${this.port}/response/${id}`;
  }

  /** Makes the next `times` calls to `method` fail (Infinity: until `recover`). */
  fail(method: string, failure: FakeFailure, times = 1): void {
    this.failures.push({ method, failure, remaining: times });
  }

  recover(): void {
    this.failures.length = 0;
  }

  callsTo(method: string): Array<Record<string, unknown>> {
    return this.calls.filter((c) => c.method === method).map((c) => c.args);
  }

  /** Messages posted to a channel (optionally in one thread), oldest first. */
  posts(channel: string, thread?: string | null): Array<Record<string, unknown>> {
    return this.callsTo("chat.postMessage").filter(
      (a) => a.channel === channel && (thread === undefined || (a.thread_ts ?? null) === thread),
    );
  }

  clear(): void {
    this.calls.length = 0;
  }

  /**
   * The messages the app posted that a history call returns: top-level ones for conversations.history (newest
   * first), a thread's replies for conversations.replies, with their metadata when `include_all_metadata` is asked.
   * `oldest` and `latest` are not applied (the fake's timestamps are not wall-clock times).
   */
  private messagesIn(method: string, args: Record<string, unknown>): Array<Record<string, unknown>> {
    const posted = this.calls.filter((c) => c.method === "chat.postMessage" && c.result?.ok === true && c.args.channel === args.channel);
    const wanted = posted.filter((c) => (method === "conversations.history" ? !c.args.thread_ts : c.args.thread_ts === args.ts));
    const messages = wanted
      .filter((c) => !this.deleted.has(String(c.result?.ts)))
      .map((c) => ({
        type: "message",
        ts: c.result?.ts,
        text: c.args.text,
        bot_id: BOT_ID,
        ...(c.args.thread_ts ? { thread_ts: c.args.thread_ts } : {}),
        ...(c.args.metadata && String(args.include_all_metadata) === "true" ? { metadata: c.args.metadata } : {}),
      }));
    return method === "conversations.history" ? messages.reverse() : messages;
  }

  private nextTs(): string {
    this.clock += 1;
    return `1700000000.${String(this.clock * 100).padStart(6, "0")}`;
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const bytes = await readBytes(req);
    const raw = bytes.toString("utf8");
    const path = (req.url ?? "/").split("?")[0];
    if (path.startsWith("/upload/")) {
      const fileId = path.slice("/upload/".length);
      const received = await this.files.receive(fileId, bytes, String(req.headers["content-type"] ?? ""));
      this.calls.push({ method: "upload", args: { fileId, bytes: received } });
      if (received === null) res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      else res.writeHead(200, { "content-type": "text/plain" }).end(`OK - ${received}`);
      return;
    }
    const args = decodeBody(raw, String(req.headers["content-type"] ?? ""));
    if (path.startsWith("/response/")) {
      this.calls.push({ method: "response_url", args: { ...args, url: path } });
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
      return;
    }
    const method = path.replace(/^\/api\//, "");
    const call: RecordedCall = { method, args, authorization: req.headers.authorization };
    this.calls.push(call);
    call.at = Date.now();
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
      this.answerCall(call, res);
    } finally {
      this.inFlight -= 1;
    }
  }

  private answerCall(call: RecordedCall, res: ServerResponse): void {
    const { method, args } = call;
    const failure = this.failures.find((f) => f.method === method && f.remaining > 0);
    if (failure) {
      failure.remaining -= 1;
      if ("error" in failure.failure) return json(res, 200, { ok: false, error: failure.failure.error });
      if (failure.failure.status === 429) {
        res.writeHead(429, { "retry-after": String(failure.failure.retryAfter), "content-type": "application/json" });
        res.end('{"ok":false,"error":"ratelimited"}');
        return;
      }
      if (failure.failure.carriedOut) call.result = this.answer(method, args);
      return json(res, failure.failure.status, { ok: false, error: "internal_error" });
    }
    call.result = this.answer(method, args);
    if (this.scopes) res.setHeader("x-oauth-scopes", this.scopes.join(","));
    json(res, 200, call.result);
  }

  private answer(method: string, args: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case "auth.test":
        return { ok: true, user_id: BOT_USER_ID, bot_id: BOT_ID, team_id: "T0TEAM", user: "guichet", url: "https://example.slack.com/" };
      case "apps.connections.open":
        return this.socketMode ? { ok: true, url: this.socketMode.url } : { ok: false, error: "not_allowed_token_type" };
      case "chat.postMessage": {
        const ts = this.nextTs();
        return { ok: true, channel: args.channel, ts, message: { ts, text: args.text, thread_ts: args.thread_ts } };
      }
      case "chat.delete":
        this.deleted.add(String(args.ts));
        return { ok: true, channel: args.channel, ts: args.ts };
      case "conversations.history":
      case "conversations.replies":
        return { ok: true, messages: this.messagesIn(method, args), has_more: false };
      case "chat.update":
        return { ok: true, channel: args.channel, ts: args.ts };
      case "chat.getPermalink":
        return { ok: true, channel: args.channel, permalink: `https://example.slack.com/archives/${String(args.channel)}/p${String(args.message_ts).replace(".", "")}` };
      case "files.getUploadURLExternal":
        return this.files.uploadUrl(args, `http://127.0.0.1:${this.port}/upload/`);
      case "files.completeUploadExternal":
        return this.files.complete(args);
      case "chat.postEphemeral":
        return { ok: true, message_ts: this.nextTs() };
      case "views.open":
      case "views.publish":
        return { ok: true, view: { id: `V${this.calls.length}` } };
      case "conversations.open":
        return { ok: true, channel: { id: `D${String(args.users).slice(1)}` } };
      case "users.info": {
        const user = this.users.get(String(args.user));
        if (!user) return { ok: false, error: "user_not_found" };
        return {
          ok: true,
          user: {
            id: args.user,
            name: user.real_name.toLowerCase().replace(/\s+/g, "."),
            real_name: user.real_name,
            locale: user.locale,
            deleted: user.deleted ?? false,
            profile: { real_name: user.real_name, display_name: user.real_name, email: user.email },
          },
        };
      }
      case "users.lookupByEmail": {
        const email = String(args.email).toLowerCase();
        const found = [...this.users].find(([, user]) => user.email?.toLowerCase() === email);
        return found ? { ok: true, user: { id: found[0], real_name: found[1].real_name, profile: { email: found[1].email } } } : { ok: false, error: "users_not_found" };
      }
      case "conversations.info": {
        const channel = this.channels.get(String(args.channel));
        return channel ? { ok: true, channel: { id: args.channel, ...channel } } : { ok: false, error: "channel_not_found" };
      }
      default:
        return { ok: true };
    }
  }
}


/** The Web API client sends form-encoded bodies with objects as JSON strings; response URLs get JSON. */
function decodeBody(raw: string, contentType: string): Record<string, unknown> {
  if (raw === "") return {};
  if (contentType.includes("application/json")) return JSON.parse(raw) as Record<string, unknown>;
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    args[key] = /^[[{]/.test(value) ? tryJson(value) : value;
  }
  return args;
}

function tryJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
