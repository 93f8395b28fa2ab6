import { readFileSync } from "node:fs";
import { request } from "node:http";
import { parse, stringify } from "yaml";
import { createGuichet, type Guichet, type GuichetOptions } from "../../../../src/app";
import { DEFAULT_DESK_CONFIG_FILE, parseDeskConfig } from "../../../../src/config/desk-config";
import type { DeskConfig } from "../../../../src/config/desk-config-schema";
import { readEnv } from "../../../../src/config/env";
import { HttpServer } from "../../../../src/channels/http-server";
import { startTeamsChannel } from "../../../../src/channels/teams";
import { TUESDAY_10AM, writeTestKnowledgeBase } from "../../../support/test-desk";
import { FakeConnector } from "./fake-connector";
import { invokeActivity, messageActivity, TENANT, type TeamsUser, type Where } from "./teams-activities";

/** Teams channel ids of the test desk. */
export const CHANNELS = {
  general: "19:general-it@thread.tacv2",
  triageDesk: "19:triage-desk@thread.tacv2",
  triageLogistics: "19:triage-logistics@thread.tacv2",
  triageIdentity: "19:triage-identity@thread.tacv2",
  triageWorkplace: "19:triage-workplace@thread.tacv2",
  expertsNetwork: "19:experts-network@thread.tacv2",
  expertsIdentity: "19:experts-identity@thread.tacv2",
  expertsInfrastructure: "19:experts-infrastructure@thread.tacv2",
  announcements: "19:announcements@thread.tacv2",
  management: "19:management@thread.tacv2",
};

/** Azure AD object ids of the shipped personas (the ids the desk configuration lists under `teams`). */
export const AAD = {
  alice: "aad-alice-0001",
  ben: "aad-ben-0002",
  bruno: "aad-bruno-0003",
  lea: "aad-lea-0004",
  nadia: "aad-nadia-0005",
  paul: "aad-paul-0006",
  marie: "aad-marie-0007",
  ines: "aad-ines-0008",
  hugo: "aad-hugo-0009",
  fabien: "aad-fabien-0010",
  sacha: "aad-sacha-0011",
} as const;

export type Persona = keyof typeof AAD;

export const DISPLAY_NAMES: Record<Persona, string> = {
  alice: "Alice Martin",
  ben: "Ben Taylor",
  bruno: "Bruno Agent",
  lea: "Lea Support",
  nadia: "Nadia Réseau",
  paul: "Paul Applis",
  marie: "Marie Directrice",
  ines: "Inès Comptes",
  hugo: "Hugo Postes",
  fabien: "Fabien Logistique",
  sacha: "Sacha Infra",
};

/** Slack ids given to the same personas when a test runs both channels. */
export const SLACK_IDS: Partial<Record<Persona, string>> = { bruno: "U0BRUNO", lea: "U0LEA", nadia: "U0NADIA" };

/**
 * The shipped desk configuration with Teams ids filled in: triage and expert channels, and each persona's AAD
 * object id. With `slackTriage`, level 1 triages in Slack only (the Teams triage ids are removed).
 */
export function teamsDeskConfig(options: { slackTriage?: boolean } = {}): DeskConfig {
  const doc = parse(readFileSync(DEFAULT_DESK_CONFIG_FILE, "utf8")) as Record<string, unknown> & {
    teams: Array<{ id: string; triage: Record<string, string> }>;
    expertGroups: Array<{ id: string; channel: Record<string, string> }>;
    people: Array<{ console?: string; teams?: string[]; slack?: string[] }>;
    announcements?: Record<string, string>;
    management?: Record<string, string>;
  };
  for (const team of doc.teams) {
    if (options.slackTriage) continue;
    team.triage.teams = `19:triage-${team.id}@thread.tacv2`;
  }
  for (const group of doc.expertGroups) {
    group.channel.teams = `19:experts-${group.id}@thread.tacv2`;
  }
  for (const person of doc.people) {
    const login = person.console as Persona | undefined;
    if (login && login in AAD) person.teams = [AAD[login]];
    if (login && SLACK_IDS[login]) person.slack = [SLACK_IDS[login] as string];
  }
  doc.announcements = { ...(doc.announcements ?? {}), teams: CHANNELS.announcements };
  doc.management = { ...(doc.management ?? {}), teams: CHANNELS.management };
  return parseDeskConfig(stringify(doc), "test/channels/teams/desk.teams.yaml");
}

export interface TeamsTestDesk {
  guichet: Guichet;
  connector: FakeConnector;
  http: HttpServer;
  clock: { now: Date };
  /** `http://127.0.0.1:PORT` of the shared HTTP server. */
  baseUrl: string;
  /** POSTs an activity (or raw bytes) to `/api/messages`. */
  post(activity: unknown, headers?: Record<string, string>): Promise<HttpAnswer>;
  /** Lets the outbox deliver everything queued. */
  flush(): Promise<void>;
  close(): Promise<void>;
  /** A persona as Teams names them. */
  user(persona: Persona): TeamsUser;
  /** The persona's personal chat with the bot. */
  chat(persona: Persona): Where;
  /** The persona writes; the answer must be 200; then the outbox is flushed. */
  say(persona: Persona, where: Where, text: string, options?: { id?: string; mention?: boolean }): Promise<void>;
  /** The persona presses a card button (Universal Action); returns the invoke's answer, then flushes the outbox. */
  press(persona: Persona, where: Where, pressed: { verb: string; data: Record<string, unknown> }, options: { replyToId: string; inputs?: Record<string, unknown>; id?: string }): Promise<InvokeAnswer>;
}

/** What Teams gets back for an `adaptiveCard/action` invoke. */
export interface InvokeAnswer {
  statusCode: number;
  type: string;
  value: Record<string, unknown> & { body?: Array<Record<string, unknown>>; actions?: Array<Record<string, unknown>> };
}

export interface HttpAnswer {
  status: number;
  body: string;
  json<T = Record<string, unknown>>(): T;
}

export interface TeamsTestDeskOptions {
  config?: DeskConfig;
  /** Extra environment (e.g. an app id); the default is local mode with the test tenant. */
  env?: Record<string, string>;
  /** Starts more channels on the same desk and HTTP server before it listens (the Slack channel). */
  beforeListen?: (guichet: Guichet, http: HttpServer) => Promise<void>;
  /** guichet's public address (GUICHET_PUBLIC_URL), in the links of the files it sends. */
  publicUrl?: string;
  /** The endpoints of the configuration's self-service actions. */
  actionEndpoints?: GuichetOptions["actionEndpoints"];
}

/** A desk with the Teams channel on a real HTTP server on 127.0.0.1, talking to a fake Bot Connector. */
export async function openTeamsTestDesk(options: TeamsTestDeskOptions = {}): Promise<TeamsTestDesk> {
  const clock = { now: new Date(TUESDAY_10AM) };
  const guichet = await createGuichet({
    config: options.config ?? teamsDeskConfig(),
    kbDir: writeTestKnowledgeBase(),
    sqliteFile: ":memory:",
    publicUrl: options.publicUrl,
    actionEndpoints: options.actionEndpoints,
    now: () => clock.now,
  });
  const connector = new FakeConnector();
  await connector.start();
  const http = new HttpServer();
  const env = readEnv({ GUICHET_CHANNEL: "teams", MicrosoftAppTenantId: TENANT, ...options.env });
  await startTeamsChannel({ guichet, env, http });
  if (options.beforeListen) await options.beforeListen(guichet, http);
  const port = await http.listen(0, "127.0.0.1");
  const baseUrl = `http://127.0.0.1:${port}`;
  const post = (activity: unknown, headers?: Record<string, string>) =>
    postBody(`${baseUrl}/api/messages`, Buffer.isBuffer(activity) ? activity : JSON.stringify(activity), headers);
  const user = (persona: Persona): TeamsUser => ({ aadObjectId: AAD[persona], name: DISPLAY_NAMES[persona] });
  const serviceUrl = () => connector.serviceUrl;
  return {
    guichet,
    connector,
    http,
    clock,
    baseUrl,
    post,
    flush: () => guichet.outbox.drain(),
    user,
    chat: (persona) => ({ personal: user(persona) }),
    async say(persona, where, text, options = {}) {
      const answer = await post(messageActivity(user(persona), where, text, { serviceUrl: serviceUrl(), ...options }));
      if (answer.status !== 200) throw new Error(`message answered ${answer.status}: ${answer.body}`);
      await guichet.outbox.drain();
    },
    async press(persona, where, pressed, options) {
      const answer = await post(invokeActivity(user(persona), where, pressed, { serviceUrl: serviceUrl(), ...options }));
      if (answer.status !== 200) throw new Error(`invoke answered ${answer.status}: ${answer.body}`);
      await guichet.outbox.drain();
      return answer.json<InvokeAnswer>();
    },
    async close() {
      await http.close();
      await connector.close();
      await guichet.close();
    },
  };
}

/** A plain HTTP POST to 127.0.0.1. */
export function postBody(url: string, body: string | Buffer, headers: Record<string, string> = {}): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: "POST",
        headers: { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)), ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          resolve({ status: res.statusCode ?? 0, body: text, json: <T>() => JSON.parse(text) as T });
        });
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}
