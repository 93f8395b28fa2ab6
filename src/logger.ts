import pino from "pino";

/**
 * One JSON line per event on standard error (standard output belongs to the console channel and the CLI).
 * Tokens never reach a log: the paths below are redacted wherever they appear in a logged object.
 */
export const logger = pino(
  {
    level: process.env.LOG_LEVEL ?? "info",
    base: { app: "guichet" },
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
  pino.destination(2),
);

export type Logger = typeof logger;
