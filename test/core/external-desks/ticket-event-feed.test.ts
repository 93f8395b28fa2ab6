import { expect } from "chai";
import { openPasswordTicket } from "../../support/desk-scenarios";
import { secrets } from "../../support/external-desks";
import { alice, bruno, dmOf, openTestDesk, shippedConfigWith, type TestDesk } from "../../support/test-desk";
import { WebhookReceiver } from "../../support/webhook-receiver";

describe("signed webhooks for anyone: ticket events without any transfer", () => {
  let dashboard: WebhookReceiver;
  let archive: WebhookReceiver;
  let t: TestDesk;

  beforeEach(async () => {
    dashboard = new WebhookReceiver("dashboard-secret", null);
    archive = new WebhookReceiver("archive-secret", null);
    await dashboard.start();
    await archive.start();
    t = await openTestDesk({
      config: shippedConfigWith(`
webhooks:
  - id: dashboard
  - id: archive
    events: [ticket.closed]
`),
      externalSecrets: secrets({}, {
        dashboard: { url: dashboard.url, secret: "dashboard-secret" },
        archive: { url: archive.url, secret: "archive-secret" },
      }),
    });
    t.clock.now = new Date();
  });
  afterEach(async () => {
    await t.close();
    await dashboard.close();
    await archive.close();
  });

  it("tells each subscriber the events it asked for, signed, in order, with the public words only", async () => {
    const ticket = await openPasswordTicket(t);
    await t.desk.pressButton({ sender: bruno, action: "ticket.claim", value: String(ticket.id) });
    await t.desk.replyOnTicket(bruno, ticket.id, "Avez-vous essayé la réinitialisation ?");
    await t.desk.replyOnTicket(bruno, ticket.id, "note: compte bloqué côté annuaire");
    await t.desk.replyOnTicket(alice, ticket.id, "Oui, sans succès.");
    await t.desk.submitForm({ sender: bruno, form: "resolve", context: String(ticket.id), values: { resolution: "Compte débloqué." }, place: dmOf("bruno") });
    await t.desk.pressButton({ sender: alice, action: "ticket.close", value: String(ticket.id) });
    await t.flush();

    expect(dashboard.events.map((e) => [e.type, e.ticket.status, e.previousStatus ?? null])).to.deep.equal([
      ["ticket.created", "new", null],
      ["ticket.status_changed", "acknowledged", "new"],
      ["ticket.status_changed", "in_progress", "acknowledged"],
      ["ticket.followup", "in_progress", null],
      ["ticket.followup", "in_progress", null],
      ["ticket.resolved", "resolved", "in_progress"],
      ["ticket.closed", "closed", "resolved"],
    ]);
    expect(dashboard.ofType("ticket.followup").map((e) => e.followup)).to.deep.equal([
      { from: "desk", author: "Bruno Agent", text: "Avez-vous essayé la réinitialisation ?" },
      { from: "requester", author: "Alice Martin", text: "Oui, sans succès." },
    ]);
    expect(dashboard.ofType("ticket.resolved")[0].resolution).to.equal("Compte débloqué.");
    expect(JSON.stringify(dashboard.events)).not.to.include("annuaire");
    expect(new Set(dashboard.events.map((e) => e.id)).size).to.equal(7);
    expect(archive.events.map((e) => e.type)).to.deep.equal(["ticket.closed"]);
    expect(dashboard.refused + archive.refused).to.equal(0);
  });

  it("keeps the events of an unreachable subscriber in the outbox, without holding back the requester's messages", async () => {
    dashboard.failNext = 3;
    const ticket = await openPasswordTicket(t);
    expect(t.sender.viewsIn("dm:alice").some((v) => v.kind === "receipt" && v.ticketId === ticket.id)).to.equal(true);
    expect(dashboard.events).to.deep.equal([]);
    for (let i = 0; i < 4; i++) {
      t.clock.now = new Date(t.clock.now.getTime() + 10_000);
      await t.flush();
    }
    expect(dashboard.events.map((e) => e.type)).to.deep.equal(["ticket.created", "ticket.status_changed"]);
  });
});
