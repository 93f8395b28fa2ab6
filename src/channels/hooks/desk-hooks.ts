import type { IncomingMessage, ServerResponse } from "node:http";
import type { DeskConfig } from "../../config/desk-config-schema";
import type { ExternalSecrets } from "../../config/env";
import { inboundEventSchema, newsOf } from "../../connectors/webhook/inbound-event";
import { checkSignature, SIGNATURE_HEADER, TIMESTAMP_HEADER } from "../../connectors/webhook/webhook-signature";
import type { Desk } from "../../core/desk";
import { logger } from "../../logger";
import { readCappedBody } from "../http-body";
import type { HttpServer } from "../http-server";

/** An event is a few kilobytes; anything much larger is not one (413). */
export const MAX_HOOK_BODY_BYTES = 64 * 1024;

/**
 * `POST /hooks/<desk>` for each webhook desk of the configuration: another desk tells guichet of a follow-up for the
 * requester, a status change, the ticket solved, closed or deleted there. The body is capped, the signature and its
 * timestamp checked (5 minutes; an exact replay refused), the event validated; it is answered 200 only once applied
 * and stored, so that the other desk sends it again after any failure.
 */
export function routeDeskHooks(http: HttpServer, desk: Desk, config: DeskConfig, secrets: ExternalSecrets): string[] {
  const routes: string[] = [];
  for (const external of config.externalDesks) {
    const settings = secrets.desks.get(external.id);
    if (external.connector !== "webhook" || settings?.connector !== "webhook") continue;
    const path = `/hooks/${external.id}`;
    http.route("POST", path, (req, res) => receive(req, res, desk, external.id, settings.secret));
    routes.push(path);
  }
  return routes;
}

async function receive(req: IncomingMessage, res: ServerResponse, desk: Desk, deskId: string, secret: string): Promise<void> {
  const answer = (status: number, body: Record<string, unknown>): void => {
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  };
  const body = await readCappedBody(req, MAX_HOOK_BODY_BYTES);
  if (body === "too_large") return answer(413, { error: `body over ${MAX_HOOK_BODY_BYTES} bytes` });
  const raw = body.toString("utf8");
  const signature = header(req, SIGNATURE_HEADER);
  const check = checkSignature(secret, header(req, TIMESTAMP_HEADER), signature, raw, desk.ctx.now());
  if (check !== "ok") {
    logger.warn({ event: "desk_hook.refused", desk: deskId, reason: check });
    return answer(401, { error: check === "stale" ? "timestamp outside the 5-minute window" : `signature ${check}` });
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return answer(400, { error: "the body is not JSON" });
  }
  const parsed = inboundEventSchema.safeParse(json);
  if (!parsed.success) {
    return answer(422, { error: "not a guichet event", issues: parsed.error.issues.map((issue) => `${issue.path.join(".") || "(body)"}: ${issue.message}`) });
  }
  const event = parsed.data;
  const outcome = await desk.receiveDeskNews(
    deskId,
    { id: event.ticket.id ?? null, externalId: event.ticket.externalId ?? null },
    newsOf(event),
    { eventId: event.id, signature: signature as string },
  );
  logger.info({ event: "desk_hook.received", desk: deskId, type: event.type, outcome });
  switch (outcome) {
    case "done":
      return answer(200, { ok: true });
    case "duplicate":
      return answer(200, { ok: true, duplicate: true });
    case "replayed":
      return answer(409, { error: "this exact request was already received (replay)" });
    case "unknown_ticket":
      return answer(404, { error: `no ticket transferred to ${deskId} matches` });
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
