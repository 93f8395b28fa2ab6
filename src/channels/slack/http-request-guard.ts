import type { IncomingMessage, ServerResponse } from "node:http";

/** Slack's payloads are a few kilobytes; a megabyte is generous, and nothing larger is read into memory. */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Slack's own rule: a request older than five minutes is refused (a replay). */
const MAX_AGE_SECONDS = 5 * 60;
/** Clocks differ a little; a request dated further ahead than this could be replayed for longer than five minutes. */
const MAX_FUTURE_SECONDS = 60;

/**
 * Checks that run before Bolt's receiver, which buffers the whole body before verifying the signature and accepts
 * timestamps from the future (PLATFORM-NOTES, "Reliability"). A refused request gets its status here and never
 * reaches Bolt: 413 for a body over the cap (Bolt's own `bodyLimit` covers bodies sent without a length), 401 for a
 * missing, malformed, stale or future timestamp. The signature itself is Bolt's to check.
 */
export function guardSlackRequest(req: IncomingMessage, res: ServerResponse, nowMs = Date.now()): boolean {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) {
    refuse(req, res, 413);
    return false;
  }
  const header = req.headers["x-slack-request-timestamp"];
  const now = Math.floor(nowMs / 1000);
  const timestamp = typeof header === "string" && /^\d{1,12}$/.test(header) ? Number(header) : null;
  if (timestamp === null || timestamp < now - MAX_AGE_SECONDS || timestamp > now + MAX_FUTURE_SECONDS) {
    refuse(req, res, 401);
    return false;
  }
  return true;
}

function refuse(req: IncomingMessage, res: ServerResponse, status: number): void {
  // The body is not read: the connection is closed once the answer is out.
  res.writeHead(status, { connection: "close", "content-length": "0" });
  res.end(() => req.destroy());
}
