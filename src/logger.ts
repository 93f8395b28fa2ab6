import pino from "pino";
import { LOG_LEVELS } from "./config/env";

/** LOG_LEVEL as set, when it is a level; the environment check then names a wrong one instead of pino throwing here. */
const level = (LOG_LEVELS as readonly string[]).includes(process.env.LOG_LEVEL ?? "") ? (process.env.LOG_LEVEL as string) : "info";

type LineStream = { write(line: string): unknown };

const standardError = pino.destination(2);
let destination: LineStream = standardError;

/**
 * One JSON line per event on standard error (standard output belongs to the console channel and the CLI).
 * Tokens never reach a log: the paths below are redacted wherever they appear in a logged object. People's words
 * (messages, answers, form values) are logged at `debug` only: no call above it logs them, and an error logged under
 * `err` shows its kind, message, codes and stack, never its other fields (see `errorForLog`).
 */
export const logger = pino(
  {
    level,
    base: { app: "guichet" },
    serializers: { err: errorForLog },
    redact: {
      paths: [
        "token", "*.token", "botToken", "*.botToken", "appToken", "*.appToken",
        "signingSecret", "*.signingSecret", "password", "*.password",
        "authorization", "*.authorization", "headers.authorization", "*.headers.authorization",
        "MicrosoftAppPassword", "*.MicrosoftAppPassword", "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET",
      ],
      censor: "[redacted]",
    },
  },
  { write: (line: string) => destination.write(line) },
);

export type Logger = typeof logger;

/** Sends the log lines to `stream` instead of standard error (null: back to standard error), e.g. to read them in a test. */
export function redirectLogs(stream: LineStream | null): void {
  destination = stream ?? standardError;
}

/**
 * What an error may show in the log: its kind, message, codes and stack, and the same of its cause. Never its other
 * fields: a database error carries the statement and its parameters (people's words), an HTTP client's error its
 * request (a token, a message body) and the answer.
 */
export function errorForLog(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error, message: typeof error === "string" ? error.slice(0, 300) : undefined };
  const fields = error as Error & { code?: unknown; statusCode?: unknown; constraint?: unknown; table?: unknown; data?: { error?: unknown } };
  const text = (value: unknown) => (typeof value === "string" || typeof value === "number" ? value : undefined);
  return {
    type: error.name,
    message: error.message,
    code: text(fields.code),
    statusCode: text(fields.statusCode),
    // PostgreSQL names the index or table a failed statement broke; Slack's Web API its error code.
    constraint: text(fields.constraint),
    table: text(fields.table),
    platformError: text(fields.data?.error),
    stack: error.stack,
    cause: error.cause === undefined ? undefined : errorForLog(error.cause),
  };
}
