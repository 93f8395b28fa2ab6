import { expect } from "chai";
import { request } from "node:http";
import { HttpServer } from "../../../src/channels/http-server";
import { MAX_HOOK_BODY_BYTES, routeDeskHooks } from "../../../src/channels/hooks/desk-hooks";
import { signBody } from "../../../src/connectors/webhook/webhook-signature";
import { openPasswordTicket } from "../../support/desk-scenarios";
import { field, lastCard, secrets, ticketOf, toAlice, transfer, transferOf } from "../../support/external-desks";
import { alice, openTestDesk, shippedConfigWith, type TestDesk } from "../../support/test-desk";
import { WebhookReceiver } from "../../support/webhook-receiver";

const SECRET = "shared-secret-of-the-ric";

const config = shippedConfigWith(`
externalDesks:
  - id: ric
    label: { fr: Service Desk RIC, en: RIC service desk }
    connector: webhook
  - id: other
    label: { fr: Autre service, en: Other desk }
    connector: webhook
`);

interface Posted {
  status: number;
  body: Record<string, unknown>;
}

describe("a desk reached by signed webhooks: events out, signed calls back on POST /hooks/<desk>", () => {
  let receiver: WebhookReceiver;
  let other: WebhookReceiver;
  let t: TestDesk;
  let http: HttpServer;
  let port: number;

  /** POSTs `body` to guichet's hook, signed with `secret` at `timestamp` (Unix seconds) unless headers are given. */
  const post = (path: string, body: string, options: { secret?: string; timestamp?: number; headers?: Record<string, string> } = {}): Promise<Posted> => {
    const timestamp = options.timestamp ?? Math.floor(t.clock.now.getTime() / 1000);
    const headers = options.headers ?? {
      "content-type": "application/json",
      "x-guichet-request-timestamp": String(timestamp),
      "x-guichet-signature": signBody(options.secret ?? SECRET, timestamp, body),
    };
    return new Promise((resolve, reject) => {
      const req = request({ host: "127.0.0.1", port, path, method: "POST", headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as Record<string, unknown> }));
      });
      req.on("error", reject);
      req.end(body);
    });
  };
  const event = (fields: Record<string, unknown>) => JSON.stringify({ id: `ric-${Math.random().toString(16).slice(2)}`, ...fields });

  beforeEach(async () => {
    receiver = new WebhookReceiver(SECRET);
    other = new WebhookReceiver("secret-of-the-other-desk");
    await receiver.start();
    await other.start();
    const external = secrets({
      ric: { connector: "webhook", url: receiver.url, secret: SECRET },
      other: { connector: "webhook", url: other.url, secret: "secret-of-the-other-desk" },
    });
    t = await openTestDesk({ config, externalSecrets: external });
    http = new HttpServer();
    expect(routeDeskHooks(http, t.desk, config, external)).to.deep.equal(["/hooks/ric", "/hooks/other"]);
    port = await http.listen(0, "127.0.0.1");
    // The receivers check timestamps against the real clock: the desk's clock is set to it.
    t.clock.now = new Date();
  });
  afterEach(async () => {
    await http.close();
    await t.close();
    await receiver.close();
    await other.close();
  });

  it("sends the transfer, the requester's replies as signed events, and follows the desk's calls back to the requester", async () => {
    const ticket = await openPasswordTicket(t);
    t.sender.clear();
    await transfer(t, ticket.id, "ric", "À traiter par l'équipe réseau.");
    const [created] = receiver.events;
    expect([created.type, created.desk, created.ticket.id, created.note, created.ticket.requester.name]).to.deep.equal(["ticket.created", "ric", ticket.id, "À traiter par l'équipe réseau.", "Alice Martin"]);
    expect(created.description).to.include("mot de passe");
    expect(toAlice(t)).to.deep.equal([
      `Votre demande n°${ticket.id} est désormais traitée par Service Desk RIC, sous la référence RIC-${ticket.id}. Ses réponses vous parviendront ici et ce que vous écrivez lui est transmis.`,
    ]);

    await t.desk.replyOnTicket(alice, ticket.id, "Le poste est au bureau 12.");
    await t.flush();
    const followup = receiver.ofType("ticket.followup")[0];
    expect([followup.externalId, followup.followup]).to.deep.equal([String(ticket.id), { from: "requester", author: "Alice Martin", text: "Le poste est au bureau 12." }]);

    expect(await post("/hooks/ric", event({ type: "ticket.followup", ticket: { externalId: String(ticket.id) }, followup: { id: "f1", author: "Jean", text: "On passe à 14 h." } }))).to.deep.equal({ status: 200, body: { ok: true } });
    expect(await post("/hooks/ric", event({ type: "ticket.status_changed", ticket: { id: ticket.id }, status: "waiting" }))).to.have.property("status", 200);
    expect(await post("/hooks/ric", event({ type: "ticket.resolved", ticket: { id: ticket.id }, resolution: "Borne changée." }))).to.have.property("status", 200);
    expect(await post("/hooks/ric", event({ type: "ticket.closed", ticket: { id: ticket.id } }))).to.have.property("status", 200);
    await t.flush();
    expect(toAlice(t).slice(1)).to.deep.equal([
      "Jean (Service Desk RIC): On passe à 14 h.",
      `Service Desk RIC indique que votre demande n°${ticket.id} est maintenant «\u00a0en attente\u00a0».`,
      `Service Desk RIC a résolu votre demande n°${ticket.id}. | Service Desk RIC: Borne changée.`,
    ]);
    const closed = await ticketOf(t, ticket.id);
    expect([closed.status, closed.resolution]).to.deep.equal(["closed", "Borne changée."]);
    expect(receiver.refused).to.equal(0);
  });

  it("refuses a call with a wrong signature, without one, or signed more than 5 minutes ago, and applies none of them", async () => {
    const ticket = await openPasswordTicket(t);
    await transfer(t, ticket.id, "ric");
    t.sender.clear();
    const body = event({ type: "ticket.followup", ticket: { id: ticket.id }, followup: { author: "Jean", text: "Faux message" } });
    expect(await post("/hooks/ric", body, { secret: "not-the-secret" })).to.deep.equal({ status: 401, body: { error: "signature mismatch" } });
    expect(await post("/hooks/ric", body, { headers: { "content-type": "application/json" } })).to.deep.equal({ status: 401, body: { error: "signature missing" } });
    const stale = Math.floor(t.clock.now.getTime() / 1000) - 301;
    expect(await post("/hooks/ric", body, { timestamp: stale })).to.deep.equal({ status: 401, body: { error: "timestamp outside the 5-minute window" } });
    // Signed with the other desk's secret, on the other desk's hook: that desk has no such ticket.
    expect(await post("/hooks/other", body, { secret: "secret-of-the-other-desk" })).to.have.property("status", 404);
    await t.flush();
    expect(toAlice(t)).to.deep.equal([]);
  });

  it("refuses an exact replay, and takes a re-sent event (new signature, same id) as a duplicate", async () => {
    const ticket = await openPasswordTicket(t);
    await transfer(t, ticket.id, "ric");
    t.sender.clear();
    const body = event({ type: "ticket.followup", ticket: { id: ticket.id }, followup: { author: "Jean", text: "Une seule fois" } });
    const timestamp = Math.floor(t.clock.now.getTime() / 1000);
    expect(await post("/hooks/ric", body, { timestamp })).to.have.property("status", 200);
    expect(await post("/hooks/ric", body, { timestamp })).to.deep.equal({ status: 409, body: { error: "this exact request was already received (replay)" } });
    expect(await post("/hooks/ric", body, { timestamp: timestamp + 1 })).to.deep.equal({ status: 200, body: { ok: true, duplicate: true } });
    await t.flush();
    expect(toAlice(t)).to.deep.equal(["Jean (Service Desk RIC): Une seule fois"]);
  });

  it("refuses a body over the size limit, a body that is not JSON and an event that is not one", async () => {
    const ticket = await openPasswordTicket(t);
    await transfer(t, ticket.id, "ric");
    const huge = event({ type: "ticket.followup", ticket: { id: ticket.id }, followup: { author: "Jean", text: "x".repeat(MAX_HOOK_BODY_BYTES) } });
    expect(await post("/hooks/ric", huge)).to.have.property("status", 413);
    expect(await post("/hooks/ric", "not json")).to.deep.equal({ status: 400, body: { error: "the body is not JSON" } });
    const invalid = await post("/hooks/ric", event({ type: "ticket.followup", ticket: { id: ticket.id } }));
    expect(invalid).to.deep.equal({ status: 422, body: { error: "not a guichet event", issues: ["followup: a ticket.followup event needs followup"] } });
    expect((await post("/hooks/ric", event({ type: "ticket.exploded", ticket: { id: ticket.id } }))).status).to.equal(422);
    expect(await post("/hooks/ric", event({ type: "ticket.closed", ticket: { id: 9999 } }))).to.deep.equal({ status: 404, body: { error: "no ticket transferred to ric matches" } });
  });

  it("retries a creation the receiver answered with a 500, and sends the same event id again", async () => {
    const ticket = await openPasswordTicket(t);
    receiver.failNext = 1;
    await transfer(t, ticket.id, "ric");
    expect(receiver.events).to.deep.equal([]);
    expect(field(lastCard(t), "Transfert")).to.equal("vers Service Desk RIC : en attente de création (dernier essai : webhook desk ric answered 500 (ticket.created))");
    t.clock.now = new Date(t.clock.now.getTime() + 2000);
    await t.flush();
    expect(receiver.ofType("ticket.created")).to.have.length(1);
    expect(receiver.deliveries).to.deep.equal([receiver.events[0].id, receiver.events[0].id]);
    expect((await transferOf(t, ticket.id)).reference).to.equal(`RIC-${ticket.id}`);
  });

  it("gives the ticket back to level 1 when the desk says it deleted it", async () => {
    const ticket = await openPasswordTicket(t);
    await transfer(t, ticket.id, "ric");
    expect(await post("/hooks/ric", event({ type: "ticket.deleted", ticket: { id: ticket.id } }))).to.have.property("status", 200);
    await t.flush();
    expect((await ticketOf(t, ticket.id)).status).to.equal("acknowledged");
    expect(t.sender.last("dm:alice").text).to.equal(`Votre demande n°${ticket.id} n’est plus suivie par Service Desk RIC : le centre de services la reprend.`);
  });
});
