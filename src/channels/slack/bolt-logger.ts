import { LogLevel, type Logger } from "@slack/bolt";
import { logger } from "../../logger";

/**
 * Bolt and the Web API client log through this, so their lines land in guichet's JSON log (with its redaction of
 * tokens) instead of on the console. Their level follows guichet's; Bolt's `setLevel` calls are ignored, because
 * each receiver and client would otherwise reset it.
 */
export function boltLogger(name = "slack"): Logger {
  const child = logger.child({ component: name });
  const line = (...parts: unknown[]) =>
    scrubSecrets(parts.map((p) => (p instanceof Error ? p.message : typeof p === "string" ? p : JSON.stringify(p))).join(" "));
  return {
    debug: (...parts: unknown[]) => child.debug(line(...parts)),
    info: (...parts: unknown[]) => child.info(line(...parts)),
    warn: (...parts: unknown[]) => child.warn(line(...parts)),
    error: (...parts: unknown[]) => child.error(line(...parts)),
    setLevel: () => undefined,
    getLevel: () => {
      switch (logger.level) {
        case "debug":
        case "trace":
          return LogLevel.DEBUG;
        case "info":
          return LogLevel.INFO;
        case "warn":
          return LogLevel.WARN;
        default:
          return LogLevel.ERROR;
      }
    },
    setName: () => undefined,
  };
}

/**
 * Bolt logs whole request bodies at debug level, as strings, where the logger's field redaction cannot reach:
 * tokens (`xoxb-…`, `xapp-…`) and the legacy verification `token` field are blanked in the text itself.
 */
export function scrubSecrets(text: string): string {
  return text
    .replace(/\bxox[a-z]-[A-Za-z0-9-]+/g, "[redacted]")
    .replace(/\bxapp-[A-Za-z0-9-]+/g, "[redacted]")
    .replace(/("token"\s*:\s*")[^"]*"/g, '$1[redacted]"');
}
