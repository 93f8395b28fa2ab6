import { randomUUID } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse, stringify } from "yaml";
import { createGuichet, DEFAULT_KB_DIR, type Guichet, type GuichetOptions } from "../../../../src/app";
import { DEFAULT_DESK_CONFIG_FILE, parseDeskConfig } from "../../../../src/config/desk-config";
import type { DeskConfig } from "../../../../src/config/desk-config-schema";
import { readEnv } from "../../../../src/config/env";
import { HttpServer } from "../../../../src/channels/http-server";
import { startSlackChannel, type SlackChannel } from "../../../../src/channels/slack";
import { BOT_ID, BOT_USER_ID, FakeSlackApi } from "./fake-slack-api";
import { FakeSocketMode, type EnvelopeType } from "./fake-socket-mode";
import type { DrawnButton } from "./recorded-messages";
import { commandBody, eventEnvelope, FORM, interactionBody, JSON_TYPE, postSigned, type HttpAnswer, type SignedPostOptions } from "./slack-requests";

/** Slack ids given to the people of the shipped desk configuration. */
export const U = {
  alice: "U0ALICE",
  ben: "U0BEN",
  bruno: "U0BRUNO",
  lea: "U0LEA",
  nadia: "U0NADIA",
  paul: "U0PAUL",
  marie: "U0MARIE",
  ines: "U0INES",
  hugo: "U0HUGO",
  fabien: "U0FABIEN",
  sacha: "U0SACHA",
  stranger: "U0STRANGER",
} as const;

/** Channels of the shipped configuration. */
export const C = {
  triage: "C0TRIAGE01", network: "C0EXPNET01", infrastructure: "C0EXPINF01", general: "C0GENERAL", helpdesk: "C0HELPDESK",
  /** The triage channels of the teams that work a new staff member's arrival. */
  identityTriage: "C0TRIIDM01", workplaceTriage: "C0TRIWKP01", logisticsTriage: "C0LOGIST01",
} as const;

/** The DM channel of the bot with a user, as the fake's conversations.open names it. */
export const dmOf = (user: string) => `D${user.slice(1)}`;

/** Tuesday 24 November 2026, 10:00 in Paris: inside working hours, so SLA deadlines are the same at every run. */
export const TUESDAY_10AM = new Date("2026-11-24T09:00:00Z");

export const SIGNING_SECRET = "test-signing-secret-0123456789abcdef";
/** The app-level token of Socket Mode. */
export const APP_TOKEN = "xapp-1-A0GUICHET-test-token";

export type SlackTransportMode = "http" | "socket";

/** The shipped desk configuration, with a Slack id for each of its people (login → id above). */
export function slackDeskConfig(): DeskConfig {
  return parseDeskConfig(slackDeskConfigText(), "slack-test-desk.yaml");
}

/** The same, as the YAML text of a desk configuration file (for a guichet started as a process). */
export function slackDeskConfigText(): string {
  const doc = parse(readFileSync(DEFAULT_DESK_CONFIG_FILE, "utf8")) as { people: Array<Record<string, unknown>> };
  for (const person of doc.people) {
    const id = U[person.console as keyof typeof U];
    if (id) person.slack = [id];
  }
  return stringify(doc);
}

/**
 * A whole guichet with its Slack channel on 127.0.0.1, its Web API pointed at a local fake, an in-memory SQLite and
 * the bundled kb/. In HTTP mode (the default) requests are signed like Slack's and posted to `/slack/events`; in
 * Socket Mode the same payloads arrive as envelopes from the fake Socket Mode server, and the answer is the app's
 * acknowledgement. `settle` waits until they are handled and the outbox has delivered what they caused.
 */
export class SlackTestDesk {
  readonly api = new FakeSlackApi();
  /** The Socket Mode server, when the desk runs in Socket Mode. */
  readonly socketMode: FakeSocketMode | null;
  readonly clock = { now: new Date(TUESDAY_10AM) };
  readonly secret = SIGNING_SECRET;
  guichet!: Guichet;
  channel!: SlackChannel;
  eventsUrl = "";
  private http = new HttpServer();
  private counter = 0;

  private constructor(readonly mode: SlackTransportMode) {
    this.socketMode = mode === "socket" ? new FakeSocketMode() : null;
  }

  /** `kbDir` defaults to the bundled kb/; a test that writes articles (drafts) passes a copy. */
  static async open(
    options: { kbDir?: string; mode?: SlackTransportMode; config?: DeskConfig; actionEndpoints?: GuichetOptions["actionEndpoints"] } = {},
  ): Promise<SlackTestDesk> {
    const desk = new SlackTestDesk(options.mode ?? "http");
    await desk.start(options.kbDir ?? DEFAULT_KB_DIR, options);
    return desk;
  }

  private async start(kbDir: string, options: { config?: DeskConfig; actionEndpoints?: GuichetOptions["actionEndpoints"] }): Promise<void> {
    await this.api.start();
    this.api.users.set(U.alice, { real_name: "Alice Martin", locale: "fr-FR" });
    this.api.users.set(U.bruno, { real_name: "Bruno Agent", locale: "fr-FR" });
    this.guichet = await createGuichet({
      config: options.config ?? slackDeskConfig(),
      kbDir,
      sqliteFile: ":memory:",
      now: () => this.clock.now,
      actionEndpoints: options.actionEndpoints,
    });
    const transport = this.socketMode ? { SLACK_APP_TOKEN: APP_TOKEN } : { SLACK_SIGNING_SECRET: this.secret };
    if (this.socketMode) {
      await this.socketMode.start();
      this.api.socketMode = this.socketMode;
    }
    const env = readEnv({ SLACK_BOT_TOKEN: "xoxb-test-token", ...transport, SLACK_API_URL: this.api.apiUrl, GUICHET_CHANNEL: "slack" });
    this.channel = await startSlackChannel({ guichet: this.guichet, env, http: this.http });
    await this.socketMode?.connected(1);
    const port = await this.http.listen(0, "127.0.0.1");
    this.eventsUrl = `http://127.0.0.1:${port}/slack/events`;
  }

  async close(): Promise<void> {
    await this.channel.stop();
    await this.http.close();
    await this.guichet.close();
    await this.socketMode?.close();
    await this.api.close();
  }

  /** Waits until every request sent so far is handled and the outbox has delivered everything due. */
  async settle(): Promise<void> {
    for (let round = 0; round < 3; round++) {
      await new Promise((resolve) => setImmediate(resolve));
      await this.channel.idle();
      await this.guichet.outbox.drain();
    }
  }

  nextTs(): string {
    this.counter += 1;
    return `1800000000.${String(this.counter).padStart(6, "0")}`;
  }

  /** Delivers an Events API event: posted signed, or sent as an `events_api` envelope. */
  event(event: Record<string, unknown>, options: { eventId?: string; retryNum?: number } & SignedPostOptions = {}): Promise<HttpAnswer> {
    const body = eventEnvelope(event, options.eventId);
    if (this.socketMode) return this.envelope("events_api", JSON.parse(body), { retryAttempt: options.retryNum, retryReason: options.retryNum ? "timeout" : undefined });
    const headers = options.retryNum ? { "x-slack-retry-num": String(options.retryNum), "x-slack-retry-reason": "http_timeout" } : undefined;
    return postSigned(this.eventsUrl, this.secret, body, JSON_TYPE, { ...options, headers: { ...headers, ...options.headers } });
  }

  /** A person writes to the bot in their DM (at the top level, or in a thread). Returns the message's ts. */
  async dm(user: string, text: string, options: { threadTs?: string; eventId?: string } = {}): Promise<string> {
    const ts = this.nextTs();
    const answer = await this.event(
      { type: "message", channel: dmOf(user), channel_type: "im", user, text, ts, event_ts: ts, ...(options.threadTs ? { thread_ts: options.threadTs } : {}) },
      { eventId: options.eventId },
    );
    if (answer.status !== 200) throw new Error(`the DM event was answered ${answer.status}`);
    return ts;
  }

  /** A person writes in a channel thread (no mention). */
  async threadReply(user: string, channel: string, threadTs: string, text: string): Promise<string> {
    const ts = this.nextTs();
    const answer = await this.event({ type: "message", channel, channel_type: "channel", user, text, ts, thread_ts: threadTs, event_ts: ts });
    if (answer.status !== 200) throw new Error(`the thread reply was answered ${answer.status}`);
    return ts;
  }

  /** A person presses a button the app drew. */
  press(user: string, button: DrawnButton, options: { triggerId?: string; channel?: string } = {}): Promise<HttpAnswer> {
    const triggerId = options.triggerId ?? this.triggerId();
    const channel = button.channel ?? options.channel ?? C.general;
    const at = button.ts ?? this.nextTs();
    return this.interaction(pressPayload(user, { ...button, channel, ts: at }, triggerId, this.api.responseUrl(`action-${triggerId}`)));
  }

  /** The modal the app opened last. */
  openedView(): { blocks: Array<Record<string, unknown>>; private_metadata: string; callback_id: string; title: { text: string } } {
    const opened = this.api.callsTo("views.open");
    if (opened.length === 0) throw new Error("no modal was opened");
    return opened[opened.length - 1].view as ReturnType<SlackTestDesk["openedView"]>;
  }

  /** A person submits a modal the app opened, with these answers (by field id). */
  submit(user: string, view: ReturnType<SlackTestDesk["openedView"]>, answers: Record<string, string>, options: { viewId?: string } = {}): Promise<HttpAnswer> {
    const values: Record<string, Record<string, unknown>> = {};
    for (const block of view.blocks) {
      if (block.type !== "input") continue;
      const element = block.element as { type: string; action_id: string; options?: Array<{ value: string; text: unknown }> };
      const answer = answers[String(block.block_id)] ?? null;
      const state: Record<string, unknown> = { type: element.type };
      if (element.type === "static_select") state.selected_option = answer === null ? null : { value: answer, text: element.options?.find((o) => o.value === answer)?.text };
      else if (element.type === "datepicker") state.selected_date = answer;
      else state.value = answer;
      values[String(block.block_id)] = { [element.action_id]: state };
    }
    return this.interaction({
      type: "view_submission",
      team: { id: "T0TEAM", domain: "example" },
      user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: "T0TEAM" },
      api_app_id: "A0GUICHET",
      token: "legacy-verification-token",
      trigger_id: this.triggerId(),
      view: {
        id: options.viewId ?? `V${++this.counter}`,
        team_id: "T0TEAM",
        type: "modal",
        blocks: view.blocks,
        private_metadata: view.private_metadata,
        callback_id: view.callback_id,
        state: { values },
        hash: "156772938.1827394",
        title: view.title,
        app_id: "A0GUICHET",
        bot_id: BOT_ID,
        root_view_id: null,
        previous_view_id: null,
        clear_on_close: false,
        notify_on_close: false,
      },
    });
  }

  /** A person types `/guichet <text>` in a channel. */
  command(user: string, text: string, channel: string = C.general): Promise<HttpAnswer> {
    const triggerId = this.triggerId();
    const fields = {
      token: "legacy-verification-token",
      team_id: "T0TEAM",
      team_domain: "example",
      channel_id: channel,
      channel_name: "general",
      user_id: user,
      user_name: user.toLowerCase(),
      command: "/guichet",
      text,
      api_app_id: "A0GUICHET",
      is_enterprise_install: "false",
      response_url: this.api.responseUrl(`command-${triggerId}`),
      trigger_id: triggerId,
    };
    if (this.socketMode) return this.envelope("slash_commands", fields);
    return postSigned(this.eventsUrl, this.secret, commandBody(fields), FORM);
  }

  /** A person uses a message shortcut ("Create a ticket" unless `callbackId` names another) on a message. */
  shortcut(
    user: string,
    message: { text: string; user: string; ts?: string; threadTs?: string },
    channel: string = C.general,
    callbackId = "ticket_from_message",
  ): Promise<HttpAnswer> {
    const triggerId = this.triggerId();
    const ts = message.ts ?? this.nextTs();
    return this.interaction({
      type: "message_action",
      callback_id: callbackId,
      trigger_id: triggerId,
      message_ts: ts,
      response_url: this.api.responseUrl(`shortcut-${triggerId}`),
      message: { type: "message", user: message.user, ts, text: message.text, ...(message.threadTs ? { thread_ts: message.threadTs } : {}) },
      user: { id: user, name: user.toLowerCase(), team_id: "T0TEAM" },
      channel: { id: channel, name: "general" },
      team: { id: "T0TEAM", domain: "example" },
      token: "legacy-verification-token",
      action_ts: `${Date.now() / 1000}`,
    });
  }

  private interaction(payload: Record<string, unknown>): Promise<HttpAnswer> {
    if (this.socketMode) return this.envelope("interactive", payload);
    return postSigned(this.eventsUrl, this.secret, interactionBody(payload), FORM);
  }

  /**
   * Sends an envelope over Socket Mode; the answer is the acknowledgement, as an HTTP answer would be: 200 with its
   * payload (empty when it has none), or 0 when none came within 5 seconds.
   */
  private async envelope(type: EnvelopeType, payload: unknown, options: { retryAttempt?: number; retryReason?: string } = {}): Promise<HttpAnswer> {
    const socketMode = this.socketMode as FakeSocketMode;
    const { acked } = socketMode.send(type, payload, options);
    const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), 5000).unref());
    const ack = await Promise.race([acked, timeout]);
    if (!ack) return { status: 0, body: "no acknowledgement" };
    return { status: 200, body: Object.keys(ack).length > 0 ? JSON.stringify(ack) : "" };
  }

  private triggerId(): string {
    return `${++this.counter}.98765.${randomUUID().replace(/-/g, "")}`;
  }
}

/** A copy of the bundled kb/ in a temporary folder, for tests that save or publish articles. */
export function copyOfBundledKnowledge(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "guichet-slack-kb-"));
  cpSync(DEFAULT_KB_DIR, dir, { recursive: true });
  return dir;
}

/** The `block_actions` payload Slack sends when `user` presses a button the app drew (in a message, or on the Home tab). */
export function pressPayload(user: string, button: DrawnButton & { channel: string; ts: string }, triggerId: string, responseUrl: string): Record<string, unknown> {
  const where = button.home
    ? { container: { type: "view", view_id: "VHOME" }, view: { id: "VHOME", type: "home", blocks: [], private_metadata: "", callback_id: "", state: { values: {} }, hash: "h" } }
    : {
        container: { type: "message", message_ts: button.ts, channel_id: button.channel, is_ephemeral: button.ephemeral },
        channel: { id: button.channel, name: "channel" },
        message: { type: "message", ts: button.ts, ...(button.threadTs ? { thread_ts: button.threadTs } : {}), text: "", user: BOT_USER_ID, bot_id: BOT_ID },
        response_url: responseUrl,
      };
  return {
    type: "block_actions",
    user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: "T0TEAM" },
    api_app_id: "A0GUICHET",
    token: "legacy-verification-token",
    trigger_id: triggerId,
    team: { id: "T0TEAM", domain: "example" },
    ...where,
    actions: [{ type: "button", action_id: button.actionId, block_id: "b1", text: { type: "plain_text", text: button.label }, value: button.value, action_ts: `${Date.now() / 1000}` }],
  };
}
