import path from "node:path";
import { z } from "zod";
import type { DeskConfig } from "./desk-config-schema";

/** Root of the installed package (compiled files live in dist/src/config). */
export const PACKAGE_ROOT = path.resolve(__dirname, "..", "..", "..");

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

/** A whole number from `min` to `max`; empty counts as unset. */
const optionalCount = (min: number, max: number) =>
  optionalString.transform((v) => (v === undefined ? undefined : Number(v))).pipe(z.number().int().min(min).max(max).optional());

/** pino's levels, which LOG_LEVEL must name. */
export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/**
 * Every environment variable guichet reads, validated once at start-up. `.env.example` documents each one.
 * Empty values count as unset, so a copied `.env.example` with blanks means "not configured".
 */
export const envSchema = z.object({
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(", ")}` }).default("info"),
  DATABASE_URL: optionalString.pipe(
    z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL").optional(),
  ),
  GUICHET_DB_FILE: optionalString.default("data/guichet.sqlite"),
  GUICHET_KB_DIR: optionalString,
  GUICHET_DESK_CONFIG: optionalString,
  /** A folder of `<language>.yaml` files with the desk's own wording of shipped messages. */
  GUICHET_MESSAGES_DIR: optionalString,
  GUICHET_CHANNEL: z.enum(["auto", "console", "slack", "teams", "none"]).default("auto"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  METRICS: optionalString.pipe(z.enum(["0", "1"], "write 1 to serve GET /metrics, 0 (or nothing) not to").optional()),
  METRICS_TOKEN: optionalString.pipe(z.string().min(16, "use at least 16 characters (e.g. openssl rand -hex 24)").optional()),
  /** guichet's public HTTPS address: files the desk sends are served under it (Teams shows images and links by URL). */
  GUICHET_PUBLIC_URL: optionalString.pipe(z.url().regex(/^https?:\/\//, "must be an http(s) address").optional()),
  SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().int().min(0).max(3600).default(25),
  /** Unset: the outbox's default (16). */
  GUICHET_OUTBOX_CONCURRENCY: optionalCount(1, 256),
  HOST: optionalString.pipe(
    z.union([z.ipv4(), z.ipv6(), z.string().regex(/^[A-Za-z0-9]([A-Za-z0-9.-]{0,252})$/)], {
      error: "must be an IP address or a host name (e.g. 127.0.0.1, ::, localhost)",
    }).optional(),
  ),
  /** Unset: 30 days each (DEFAULT_RETENTION). */
  GUICHET_KEEP_EVENT_IDS_DAYS: optionalCount(1, 3650),
  GUICHET_KEEP_SENT_MESSAGES_DAYS: optionalCount(1, 3650),
  SLACK_BOT_TOKEN: optionalString.pipe(z.string().startsWith("xoxb-", "must be a bot token (xoxb-…)").optional()),
  SLACK_APP_TOKEN: optionalString.pipe(z.string().startsWith("xapp-", "must be an app-level token (xapp-…)").optional()),
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_API_URL: optionalString.pipe(z.url().optional()),
  MicrosoftAppId: optionalString,
  MicrosoftAppPassword: optionalString,
  MicrosoftAppType: z.enum(["MultiTenant", "SingleTenant", "UserAssignedMSI"]).optional(),
  MicrosoftAppTenantId: optionalString,
});

export type Env = z.infer<typeof envSchema>;

/** Raised for a bad configuration value: the message names the variable or file and line, and what to do. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

/** Validates the environment; the error lists every bad variable at once. */
export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`Invalid environment (see .env.example):\n${lines.join("\n")}`);
  }
  const env = parsed.data;
  if (env.SLACK_BOT_TOKEN && !env.SLACK_APP_TOKEN && !env.SLACK_SIGNING_SECRET) {
    throw new ConfigError(
      "SLACK_BOT_TOKEN is set but neither SLACK_APP_TOKEN (Socket Mode) nor SLACK_SIGNING_SECRET (HTTP mode) is: set one of them.",
    );
  }
  return env;
}

/** The chat channels to open: with no chat credentials, the local console. */
export function chosenChannels(env: Env): Array<"console" | "slack" | "teams"> {
  if (env.GUICHET_CHANNEL === "none") return [];
  if (env.GUICHET_CHANNEL !== "auto") return [env.GUICHET_CHANNEL];
  const channels: Array<"slack" | "teams"> = [];
  if (env.SLACK_BOT_TOKEN) channels.push("slack");
  if (env.MicrosoftAppId) channels.push("teams");
  return channels.length > 0 ? channels : ["console"];
}

/**
 * The URL and secrets of each other desk (`externalDesks`) and webhook subscriber (`webhooks`) of the desk
 * configuration, which never holds them. One naming scheme, with the id in capitals and `-` written `_`
 * (`ric-desk` → `RIC_DESK`):
 *
 * - `GUICHET_DESK_<ID>_URL`: GLPI's `…/apirest.php`, Zammad's base URL (`https://zammad.example.org`), or the
 *   webhook receiver's URL;
 * - GLPI: `GUICHET_DESK_<ID>_USER_TOKEN` (the API user's token, required), `GUICHET_DESK_<ID>_APP_TOKEN` (the API
 *   client's App-Token, when GLPI asks for one);
 * - Zammad: `GUICHET_DESK_<ID>_TOKEN` (an access token with the ticket.agent permission);
 * - webhook: `GUICHET_DESK_<ID>_SECRET`, which signs what guichet sends and checks what it receives on
 *   `POST /hooks/<id>`;
 * - `GUICHET_WEBHOOK_<ID>_URL` and `GUICHET_WEBHOOK_<ID>_SECRET` for each webhook subscriber.
 */
export type DeskSecrets =
  | { connector: "glpi"; url: string; userToken: string; appToken: string | null }
  | { connector: "zammad"; url: string; token: string }
  | { connector: "webhook"; url: string; secret: string };

export interface WebhookSecrets {
  url: string;
  secret: string;
}

export interface ExternalSecrets {
  desks: Map<string, DeskSecrets>;
  webhooks: Map<string, WebhookSecrets>;
}

/**
 * The environment variable holding setting `name` of the desk (`prefix` DESK), webhook (WEBHOOK) or self-service
 * action (ACTION) `id`.
 */
export function externalVariable(prefix: "DESK" | "WEBHOOK" | "ACTION", id: string, name: string): string {
  return `GUICHET_${prefix}_${id.toUpperCase().replace(/-/g, "_")}_${name}`;
}

/** Reads every configured desk's and webhook's settings from the environment; the error lists each bad variable. */
export function readExternalSecrets(config: Pick<DeskConfig, "externalDesks" | "webhooks">, source: NodeJS.ProcessEnv = process.env): ExternalSecrets {
  const problems: string[] = [];
  const read = (prefix: "DESK" | "WEBHOOK", id: string, name: string, what: string, kind: "url" | "secret", required = true): string => {
    const variable = externalVariable(prefix, id, name);
    const value = source[variable]?.trim() ?? "";
    if (value === "") {
      if (required) problems.push(`  ${variable}: not set (${what})`);
      return "";
    }
    if (kind === "url" && !/^https?:\/\/[^\s/]+/.test(value)) problems.push(`  ${variable}: must be an http:// or https:// URL (${what})`);
    return value;
  };
  const desks = new Map<string, DeskSecrets>();
  for (const desk of config.externalDesks) {
    const url = (what: string) => read("DESK", desk.id, "URL", what, "url");
    switch (desk.connector) {
      case "glpi":
        desks.set(desk.id, {
          connector: "glpi",
          url: url(`GLPI's REST API of the desk ${desk.id}, e.g. https://glpi.example.org/apirest.php`),
          userToken: read("DESK", desk.id, "USER_TOKEN", `the GLPI API user's token of the desk ${desk.id}`, "secret"),
          appToken: read("DESK", desk.id, "APP_TOKEN", "", "secret", false) || null,
        });
        break;
      case "zammad":
        desks.set(desk.id, {
          connector: "zammad",
          url: url(`Zammad's address for the desk ${desk.id}, e.g. https://zammad.example.org`),
          token: read("DESK", desk.id, "TOKEN", `a Zammad access token (ticket.agent) for the desk ${desk.id}`, "secret"),
        });
        break;
      case "webhook":
        desks.set(desk.id, {
          connector: "webhook",
          url: url(`where guichet POSTs the events of the desk ${desk.id}`),
          secret: read("DESK", desk.id, "SECRET", `the secret shared with the desk ${desk.id}, which signs both ways`, "secret"),
        });
        break;
    }
  }
  const webhooks = new Map<string, WebhookSecrets>();
  for (const hook of config.webhooks) {
    webhooks.set(hook.id, {
      url: read("WEBHOOK", hook.id, "URL", `where guichet POSTs the events of the webhook ${hook.id}`, "url"),
      secret: read("WEBHOOK", hook.id, "SECRET", `the secret that signs the events of the webhook ${hook.id}`, "secret"),
    });
  }
  if (problems.length > 0) {
    throw new ConfigError(`Invalid environment for the other desks and webhooks of the desk configuration (see .env.example):\n${problems.join("\n")}`);
  }
  return { desks, webhooks };
}

/** Where a self-service action's endpoint is, and the secret that signs the calls to it. */
export interface ActionEndpointSettings {
  url: string;
  secret: string;
}

/**
 * Each self-service action's endpoint (a request type with `action`), from `GUICHET_ACTION_<ID>_URL` and
 * `GUICHET_ACTION_<ID>_SECRET` (`unlock-account` → `GUICHET_ACTION_UNLOCK_ACCOUNT_URL`); the desk configuration never
 * holds them. The error lists every variable missing or wrong at once.
 */
export function readActionEndpoints(config: Pick<DeskConfig, "requestTypes">, source: NodeJS.ProcessEnv = process.env): Map<string, ActionEndpointSettings> {
  const problems: string[] = [];
  const endpoints = new Map<string, ActionEndpointSettings>();
  for (const type of config.requestTypes.filter((r) => r.action)) {
    const urlVariable = externalVariable("ACTION", type.id, "URL");
    const secretVariable = externalVariable("ACTION", type.id, "SECRET");
    const url = source[urlVariable]?.trim() ?? "";
    const secret = source[secretVariable]?.trim() ?? "";
    if (url === "") problems.push(`  ${urlVariable}: not set (the endpoint of the self-service action ${type.id})`);
    else if (!/^https?:\/\/[^\s/]+/.test(url)) problems.push(`  ${urlVariable}: must be an http:// or https:// URL (the endpoint of ${type.id})`);
    if (secret === "") problems.push(`  ${secretVariable}: not set (the secret that signs the calls of ${type.id}, shared with its endpoint)`);
    endpoints.set(type.id, { url, secret });
  }
  if (problems.length > 0) throw new ConfigError(`Self-service actions need their endpoint (see .env.example):\n${problems.join("\n")}`);
  return endpoints;
}
