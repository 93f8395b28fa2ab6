import { expect } from "chai";
import { buildDeskReport } from "../../../src/core/reports/desk-report";
import { formatReportCsv, formatReportText } from "../../../src/core/reports/report-format";
import { OutboxMessage } from "../../../src/store/entities/OutboxMessage";
import { TicketEvent } from "../../../src/store/entities/TicketEvent";
import { openPasswordTicket } from "../../support/desk-scenarios";
import { field, lastCard, secrets, ticketOf, toAlice, transfer, transferOf } from "../../support/external-desks";
import { FakeGlpi } from "../../support/fake-glpi";
import { freePort } from "../../support/guichet-process";
import { emptyPostgres } from "../../support/test-store";
import { alice, bruno, dmOf, lea, openTestDesk, shippedConfigWith, type TestDesk } from "../../support/test-desk";

const desks = (extra = "") => shippedConfigWith(`
externalDesks:
  - id: ric
    label: { fr: Service Desk RIC, en: RIC service desk }
    connector: glpi
${extra}`);

const press = (t: TestDesk, sender: typeof alice, action: string, id: number) => t.desk.pressButton({ sender, action, value: String(id) });

describe("transfers to another desk: what the desk does whatever the system", () => {
  let glpi: FakeGlpi;
  let t: TestDesk;
  const open = async (config = desks(), url?: string) => {
    t = await openTestDesk({ config, externalSecrets: secrets({ ric: { connector: "glpi", url: url ?? glpi.url, userToken: glpi.userToken, appToken: glpi.appToken } }) });
  };
  beforeEach(async () => {
    glpi = new FakeGlpi();
    await glpi.start();
  });
  afterEach(async () => {
    await t.close();
    await glpi.close();
  });

  it("offers Transfer to… on the card of an open ticket, with the configured desks and a note", async () => {
    await open();
    const ticket = await openPasswordTicket(t);
    expect(lastCard(t).actions?.map((a) => a.action)).to.include("ticket.transfer");
    const outcome = await press(t, bruno, "ticket.transfer", ticket.id);
    expect(outcome.kind).to.equal("form");
    const form = (outcome as Extract<typeof outcome, { kind: "form" }>).form;
    expect([form.form, form.title]).to.deep.equal(["transfer", `Transférer le ticket n°${ticket.id}`]);
    expect(form.fields.map((f) => [f.id, f.required, f.options?.map((o) => o.label)])).to.deep.equal([["desk", true, ["Service Desk RIC"]], ["note", true, undefined]]);
  });

  it("offers no Transfer to… when no other desk is configured", async () => {
    t = await openTestDesk();
    const ticket = await openPasswordTicket(t);
    expect(lastCard(t).actions?.map((a) => a.action)).not.to.include("ticket.transfer");
    expect(await press(t, bruno, "ticket.transfer", ticket.id)).to.have.property("kind", "refused");
  });

  it("refuses Transfer to… and its cancelling to a requester, whatever buttons they saw", async () => {
    await open();
    const ticket = await openPasswordTicket(t);
    expect(await press(t, alice, "ticket.transfer", ticket.id)).to.have.property("kind", "refused");
    const submitted = await t.desk.submitForm({ sender: alice, form: "transfer", context: String(ticket.id), values: { desk: "ric", note: "x" }, place: dmOf("alice") });
    expect(submitted).to.have.property("kind", "refused");
    expect((await ticketOf(t, ticket.id)).status).to.equal("acknowledged");
    glpi.failNext = 1;
    await transfer(t, ticket.id, "ric");
    expect(await press(t, alice, "ticket.transfer_cancel", ticket.id)).to.have.property("kind", "refused");
  });

  it("requires the note and a configured desk", async () => {
    await open();
    const ticket = await openPasswordTicket(t);
    const form = (values: Record<string, string>) => t.desk.submitForm({ sender: bruno, form: "transfer", context: String(ticket.id), values, place: dmOf("bruno") });
    expect(await form({ desk: "ric", note: "" })).to.deep.equal({ kind: "invalid", errors: { note: "Ce champ est obligatoire." } });
    expect(await form({ desk: "nowhere", note: "x" })).to.have.property("kind", "invalid");
    expect(glpi.tickets.size).to.equal(0);
  });

  it("keeps a transfer through a 500: the card says it waits and why, the outbox tries again and creates it once", async () => {
    await open();
    const ticket = await openPasswordTicket(t);
    t.sender.clear();
    glpi.failNext = 1;
    await transfer(t, ticket.id, "ric");
    expect(glpi.tickets.size).to.equal(0);
    expect((await transferOf(t, ticket.id)).state).to.equal("pending");
    expect(field(lastCard(t), "Transfert")).to.equal("vers Service Desk RIC : en attente de création (dernier essai : GLPI answered 500 ERROR_SQL (creating the ticket))");
    expect(toAlice(t)).to.deep.equal([]);

    t.clock.now = new Date(t.clock.now.getTime() + 2000);
    await t.flush();
    expect(glpi.tickets.size).to.equal(1);
    expect((await transferOf(t, ticket.id)).state).to.equal("open");
    expect(field(lastCard(t), "Transfert")).to.match(/^Service Desk RIC, référence \d+ : nouveau$/);
    expect(toAlice(t)).to.have.length(1);
  });

  it("leaves a transfer to an unreachable system pending, and the agent cancels it: level 1 has the ticket again, no call is made later", async () => {
    const port = await freePort();
    await open(desks(), `http://127.0.0.1:${port}/apirest.php`);
    const ticket = await openPasswordTicket(t);
    await press(t, bruno, "ticket.claim", ticket.id);
    t.sender.clear();
    await transfer(t, ticket.id, "ric");
    await t.desk.replyOnTicket(alice, ticket.id, "J'attends toujours.");
    await t.flush();
    const card = lastCard(t);
    expect(field(card, "Transfert")).to.equal("vers Service Desk RIC : en attente de création (dernier essai : GLPI unreachable (ECONNREFUSED))");
    expect(card.actions?.map((a) => a.action)).to.deep.equal(["ticket.transfer_cancel", "ticket.note"]);

    expect(await press(t, bruno, "ticket.transfer_cancel", ticket.id)).to.deep.equal({ kind: "done", notice: `Transfert annulé : le ticket n°${ticket.id} revient au niveau 1.` });
    await t.flush();
    const back = await ticketOf(t, ticket.id);
    expect([back.status, back.assigneeId !== null]).to.deep.equal(["in_progress", true]);
    expect((await transferOf(t, ticket.id)).state).to.equal("cancelled");
    expect(field(lastCard(t), "Transfert")).to.equal("vers Service Desk RIC : annulé");
    expect(await t.guichet.store.manager.count(OutboxMessage, { where: { platform: "desk", status: "pending" } })).to.equal(0);
    // An agent's transfer was never told to the requester: nothing to take back.
    expect(toAlice(t).filter((text) => /Service Desk RIC|centre de services/.test(text))).to.deep.equal([]);
    expect(await press(t, bruno, "ticket.transfer_cancel", ticket.id)).to.have.property("kind", "refused");
  });

  it("refuses to cancel a transfer the other desk has already created", async () => {
    await open();
    const ticket = await openPasswordTicket(t);
    await transfer(t, ticket.id, "ric");
    expect(await press(t, bruno, "ticket.transfer_cancel", ticket.id)).to.deep.equal({
      kind: "refused", message: "Le ticket est déjà créé dans l’outil de l’autre service : le transfert ne peut plus être annulé.",
    });
  });

  it("closes in the other system a ticket whose creation was under way when the agent cancelled", async () => {
    await open();
    const ticket = await openPasswordTicket(t);
    let release = () => {};
    glpi.hold = new Promise((resolve) => (release = resolve));
    await t.desk.submitForm({ sender: bruno, form: "transfer", context: String(ticket.id), values: { desk: "ric", note: "x" }, place: dmOf("bruno") });
    const delivering = t.flush();
    while (!glpi.creating) await new Promise((resolve) => setTimeout(resolve, 5));
    // Meanwhile the card says the transfer waits, and offers to cancel it.
    while (!t.sender.deliveries.some((d) => d.view.kind === "ticket_card" && field(d.view, "Transfert"))) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(field(lastCard(t), "Transfert")).to.equal("vers Service Desk RIC : en attente de création");
    expect(lastCard(t).actions?.map((a) => a.action)).to.include("ticket.transfer_cancel");
    expect(await press(t, lea, "ticket.transfer_cancel", ticket.id)).to.have.property("kind", "done");
    glpi.hold = null;
    release();
    await delivering;
    await t.flush();
    const [created] = [...glpi.tickets.values()];
    expect(created.status).to.equal(6);
    expect(glpi.followups.map((f) => f.content)).to.deep.equal([`Transfert annulé par le centre de services : le ticket n°${ticket.id} y est repris. Ce ticket peut être clos.`]);
    const transferRow = await transferOf(t, ticket.id);
    expect([transferRow.state, transferRow.externalId]).to.deep.equal(["cancelled", String(created.id)]);
    expect((await ticketOf(t, ticket.id)).status).to.equal("acknowledged");
  });

  it("hands a ticket of a category another desk keeps over at once: the receipt says so, the reference follows", async () => {
    await open(desks("    categories: [accounts]"));
    const ticket = await openPasswordTicket(t);
    const transferred = await ticketOf(t, ticket.id);
    expect([transferred.status, transferred.slaDueAt]).to.deep.equal(["transferred", null]);
    const [receipt, handedOver] = t.sender.viewsIn("dm:alice").filter((v) => v.ticketId === ticket.id);
    expect(receipt.text).to.equal("Votre demande est enregistrée et confiée à un autre service, qui la traite selon ses propres délais. Je vous donne ici sa référence dès qu’elle est connue, puis chacune de ses réponses.");
    expect(handedOver.text).to.match(/^Votre demande n°\d+ est désormais traitée par Service Desk RIC, sous la référence \d+\./);
    expect(glpi.tickets.size).to.equal(1);
    const card = lastCard(t);
    expect(field(card, "État")).to.equal("transféré");
    expect(card.actions?.map((a) => a.action)).not.to.include("ticket.claim");
    const events = await t.guichet.store.manager.find(TicketEvent, { where: { ticketId: ticket.id }, order: { id: "ASC" } });
    expect(events.map((e) => e.type)).to.include.ordered.members(["created", "acknowledge", "transfer", "transfer_opened"]);
    expect(events.find((e) => e.type === "transfer")?.data).to.deep.equal({ desk: "ric", automatic: true });
  });

  it("tells the requester of an automatic transfer cancelled by an agent that the desk keeps the request", async () => {
    await open(desks("    categories: [accounts]"));
    glpi.failNext = 1;
    const ticket = await openPasswordTicket(t);
    t.sender.clear();
    await press(t, bruno, "ticket.transfer_cancel", ticket.id);
    await t.flush();
    expect(toAlice(t)).to.deep.equal([`Votre demande n°${ticket.id} reste finalement suivie par le centre de services.`]);
    expect((await ticketOf(t, ticket.id)).slaDueAt).to.not.equal(null);
  });

  it("counts transfers per desk in the report, cancelled ones aside, and leaves transferred tickets out of the desk's commitments", async () => {
    await open();
    const kept = await openPasswordTicket(t, "mon mot de passe a expiré");
    await transfer(t, kept.id, "ric");
    glpi.failNext = 1;
    const cancelled = await openPasswordTicket(t, "j'ai oublié mon mot de passe");
    await transfer(t, cancelled.id, "ric");
    await press(t, bruno, "ticket.transfer_cancel", cancelled.id);
    const period = { since: new Date(t.clock.now.getTime() - 3600_000), until: new Date(t.clock.now.getTime() + 3600_000) };
    const report = await buildDeskReport(t.guichet.store.manager, t.config, t.guichet.calendar, period, t.clock.now);
    expect(report.transfers).to.deep.equal([{ id: "ric", label: "Service Desk RIC", count: 1 }]);
    expect(report.tickets).to.include({ created: 2, stillOpen: 1 });
    // Only the ticket level 1 kept is measured against its first-answer target.
    expect(report.sla.first_answer.pending).to.equal(1);
    expect(formatReportText(report, "fr")).to.include("Transferts vers d’autres services : Service Desk RIC 1\n");
    const english = await buildDeskReport(t.guichet.store.manager, t.config, t.guichet.calendar, period, t.clock.now, "en");
    expect(formatReportText(english, "en")).to.include("Transfers to other desks: RIC service desk 1\n");
    expect(formatReportCsv(report)).to.include("transfers,ric,1");
  });

  it("passes the requester's words written while the creation waits on after the creation, in order", async () => {
    await open();
    const ticket = await openPasswordTicket(t);
    glpi.failNext = 1;
    await transfer(t, ticket.id, "ric");
    await t.desk.replyOnTicket(alice, ticket.id, "Premier complément");
    await t.desk.replyOnTicket(alice, ticket.id, "Second complément");
    await t.flush();
    t.clock.now = new Date(t.clock.now.getTime() + 2000);
    await t.flush();
    const posted = glpi.requests.filter((r) => r.startsWith("POST"));
    expect(posted).to.deep.equal(["POST /Ticket", "POST /Ticket", "POST /Ticket/100/ITILFollowup", "POST /Ticket/100/ITILFollowup"]);
    expect(glpi.followups.map((f) => f.content)).to.deep.equal(["Alice Martin (demandeur) : Premier complément", "Alice Martin (demandeur) : Second complément"]);
  });
});

const databases = [
  { name: "SQLite", options: {} },
  ...(process.env.TEST_DATABASE_URL ? [{ name: "PostgreSQL", options: { databaseUrl: process.env.TEST_DATABASE_URL } }] : []),
];

for (const db of databases) {
  describe(`reading transferred tickets from several instances on ${db.name}`, () => {
    it("reads each due ticket once and passes each follow-up on once, though two passes run at the same moment", async () => {
      if (db.options.databaseUrl) await emptyPostgres(db.options.databaseUrl);
      const glpi = new FakeGlpi();
      await glpi.start();
      const config = desks();
      const external = secrets({ ric: { connector: "glpi", url: glpi.url, userToken: glpi.userToken, appToken: glpi.appToken } });
      const first = await openTestDesk({ ...db.options, config, externalSecrets: external });
      const second = db.options.databaseUrl ? await openTestDesk({ ...db.options, config, externalSecrets: external }) : null;
      try {
        const tickets = [];
        for (let i = 0; i < 3; i++) {
          const ticket = await openPasswordTicket(first, `mon mot de passe a expiré, demande ${i}`);
          await transfer(first, ticket.id, "ric");
          tickets.push(ticket);
        }
        for (const created of glpi.tickets.values()) glpi.reply(created.id, `Réponse pour ${created.id}`);
        first.sender.clear();
        const later = new Date(first.clock.now.getTime() + 5 * 60_000);
        first.clock.now = later;
        if (second) second.clock.now = later;
        const readsBefore = glpi.requests.filter((r) => /^GET \/Ticket\/\d+$/.test(r)).length;
        const passes = await Promise.all([first.desk.externalDesks.poll(), (second ?? first).desk.externalDesks.poll()]);
        await first.flush();
        expect(passes[0] + passes[1]).to.equal(3);
        expect(glpi.requests.filter((r) => /^GET \/Ticket\/\d+$/.test(r)).length - readsBefore).to.equal(3);
        expect(toAlice(first).filter((text) => text.includes("Réponse pour"))).to.have.length(3);
      } finally {
        await first.close();
        await second?.close();
        await glpi.close();
      }
    });
  });
}
