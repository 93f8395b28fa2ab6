import { expect } from "chai";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { SLA_METRICS } from "../../../src/core/sla/sla-policy";
import { ProcessedEvent } from "../../../src/store/entities/ProcessedEvent";
import { readMetric } from "../../../src/core/sla/sla-clock";
import { openPasswordTicket } from "../../support/desk-scenarios";
import { field, lastCard, pollAfter, secrets, ticketOf, toAlice, transfer, transferOf } from "../../support/external-desks";
import { FakeGlpi } from "../../support/fake-glpi";
import { alice, dmOf, openTestDesk, shippedConfigWith, type TestDesk } from "../../support/test-desk";

const RIC = `
externalDesks:
  - id: ric
    label: { fr: Service Desk RIC, en: RIC service desk }
    connector: glpi
    pollMinutes: 5
    glpi: { categories: { accounts: 42 }, entity: 3 }
`;

describe("GLPI: a ticket transferred to the RIC's desk and followed from chat", () => {
  let glpi: FakeGlpi;
  let t: TestDesk;

  beforeEach(async () => {
    glpi = new FakeGlpi();
    await glpi.start();
    t = await openTestDesk({
      config: shippedConfigWith(RIC),
      externalSecrets: secrets({ ric: { connector: "glpi", url: glpi.url, userToken: glpi.userToken, appToken: glpi.appToken } }),
    });
  });
  afterEach(async () => {
    await t.close();
    await glpi.close();
  });

  it("creates the ticket in GLPI with the requester's email, priority and category, and tells the requester its reference", async () => {
    const ticket = await openPasswordTicket(t);
    await t.guichet.store.manager.query(`UPDATE "person" SET "email" = 'alice@univ-exemple.fr' WHERE "id" = ${ticket.requesterId}`);
    t.sender.clear();
    expect(await transfer(t, ticket.id, "ric")).to.deep.equal({ kind: "done" });

    const [created] = [...glpi.tickets.values()];
    expect(created.name).to.equal(ticket.title);
    expect(created.content).to.include("mot de passe").and.include("Merci de changer la borne du bâtiment 5.").and.include(`ticket n°${ticket.id}`);
    expect([created.type, created.urgency, created.impact, created.itilcategories_id, created.entities_id]).to.deep.equal([1, 3, 3, 42, 3]);
    expect(created._users_id_requester_notif).to.deep.equal({ use_notification: 1, alternative_email: ["alice@univ-exemple.fr"] });
    // One session per operation, killed after it: initSession, the call, killSession.
    expect(glpi.requests).to.deep.equal(["GET /initSession", "POST /Ticket", "GET /killSession"]);
    expect(glpi.sessions.size).to.equal(0);

    expect(toAlice(t)).to.deep.equal([
      `Votre demande n°${ticket.id} est désormais traitée par Service Desk RIC, sous la référence ${created.id}. Ses réponses vous parviendront ici et ce que vous écrivez lui est transmis.`,
    ]);
    const card = lastCard(t);
    expect(field(card, "État")).to.equal("transféré");
    expect(field(card, "Transfert")).to.equal(`Service Desk RIC, référence ${created.id} : nouveau`);
    expect(card.actions?.map((a) => a.action)).not.to.include.members(["ticket.claim", "ticket.resolve", "ticket.transfer_cancel"]);
    expect((await ticketOf(t, ticket.id)).status).to.equal("transferred");
  });

  it("passes the requester's replies on as GLPI follow-ups, and the technician's public follow-ups back in the same thread", async () => {
    const ticket = await openPasswordTicket(t);
    await transfer(t, ticket.id, "ric");
    const glpiId = Number((await transferOf(t, ticket.id)).externalId);
    t.sender.clear();

    await t.desk.replyOnTicket(alice, ticket.id, "C'est le portable <b>gris</b>, au bureau 12.");
    await t.flush();
    const mine = glpi.followups.filter((f) => f.items_id === glpiId);
    expect(mine.map((f) => [f.content, f.is_private])).to.deep.equal([["Alice Martin (demandeur) : C'est le portable &lt;b&gt;gris&lt;/b&gt;, au bureau 12.", 0]]);

    glpi.reply(glpiId, "&lt;p&gt;Bonjour, la borne est changée&lt;br&gt;pouvez-vous réessayer ?&lt;/p&gt;");
    glpi.reply(glpiId, "Voir avec l'équipe réseau (interne)", { private: true });
    expect(await pollAfter(t, 4)).to.equal(0);
    expect(await pollAfter(t, 1)).to.equal(1);
    expect(toAlice(t)).to.deep.equal(["Jean Technicien (Service Desk RIC): Bonjour, la borne est changée\npouvez-vous réessayer ?"]);
    expect(t.sender.viewsIn("dm:alice")[0].ticketId).to.equal(ticket.id);

    // Read again: each follow-up is passed on once; guichet's own follow-up is never echoed back; and so months later,
    // once the ids of processed events are pruned.
    await pollAfter(t, 5);
    await t.guichet.store.manager.createQueryBuilder().delete().from(ProcessedEvent).execute();
    await pollAfter(t, 5);
    expect(toAlice(t)).to.have.length(1);
  });

  it("lists a transferred ticket among the requester's open tickets, which they can still complete", async () => {
    const ticket = await openPasswordTicket(t);
    await transfer(t, ticket.id, "ric");
    const status = await t.desk.runCommand(alice, dmOf("alice"), "status", "");
    expect(JSON.stringify(status)).to.include(`#${ticket.id} · ${ticket.title} — transféré`);
    const shown = await t.desk.runCommand(alice, dmOf("alice"), "ticket", String(ticket.id));
    expect(shown.kind === "view" && shown.view.replyHint).to.equal("complete");
  });

  it("tells the requester when GLPI solves it, with the solution, and closes the ticket when GLPI closes it", async () => {
    const ticket = await openPasswordTicket(t);
    await transfer(t, ticket.id, "ric");
    const glpiId = Number((await transferOf(t, ticket.id)).externalId);
    t.sender.clear();

    glpi.ticket(glpiId).status = 2;
    await pollAfter(t, 5);
    expect(toAlice(t)).to.deep.equal([`Service Desk RIC indique que votre demande n°${ticket.id} est maintenant «\u00a0en cours\u00a0».`]);

    glpi.solve(glpiId, "&lt;p&gt;Mot de passe réinitialisé.&lt;/p&gt;");
    await pollAfter(t, 5);
    expect(toAlice(t)[1]).to.equal(`Service Desk RIC a résolu votre demande n°${ticket.id}. | Service Desk RIC: Mot de passe réinitialisé.`);
    expect(field(lastCard(t), "Transfert")).to.equal(`Service Desk RIC, référence ${glpiId} : résolu`);
    expect((await ticketOf(t, ticket.id)).status).to.equal("transferred");

    glpi.ticket(glpiId).status = 6;
    await pollAfter(t, 5);
    const closed = await ticketOf(t, ticket.id);
    expect([closed.status, closed.resolution, closed.closedAt?.toISOString()]).to.deep.equal(["closed", "Mot de passe réinitialisé.", t.clock.now.toISOString()]);
    // Told of the solution already: no second message for the closing, and no more readings.
    expect(toAlice(t)).to.have.length(2);
    expect((await transferOf(t, ticket.id)).state).to.equal("closed");
    expect(await pollAfter(t, 60)).to.equal(0);
  });

  it("stops guichet's clocks at the transfer: the other desk owns its commitments", async () => {
    const ticket = await openPasswordTicket(t);
    await transfer(t, ticket.id, "ric");
    t.clock.now = new Date(t.clock.now.getTime() + 10 * 24 * 3600_000);
    const transferred = await ticketOf(t, ticket.id);
    expect(transferred.slaDueAt).to.equal(null);
    const states = SLA_METRICS.map((metric) => readMetric(t.guichet.calendar, transferred, metric, t.clock.now).state);
    expect(states).to.deep.equal(["stopped", "moot", "moot", "moot"]);
  });

  it("reports a refused user token on the card while the transfer waits, and creates the ticket after a restart with the right token", async () => {
    await t.close();
    const file = path.join(mkdtempSync(path.join(tmpdir(), "guichet-glpi-")), "desk.sqlite");
    const withToken = (userToken: string) => openTestDesk({
      sqliteFile: file,
      config: shippedConfigWith(RIC),
      externalSecrets: secrets({ ric: { connector: "glpi", url: glpi.url, userToken, appToken: glpi.appToken } }),
    });
    t = await withToken("wrong-token");
    const ticket = await openPasswordTicket(t);
    await transfer(t, ticket.id, "ric");
    expect(glpi.tickets.size).to.equal(0);
    expect(field(lastCard(t), "Transfert")).to.equal("vers Service Desk RIC : en attente de création (dernier essai : GLPI answered 401 ERROR_GLPI_LOGIN_USER_TOKEN (opening a session))");
    expect(lastCard(t).actions?.map((a) => a.action)).to.include("ticket.transfer_cancel");

    // The operator fixes GUICHET_DESK_RIC_USER_TOKEN and restarts: the waiting creation goes at its next attempt.
    await t.close();
    t = await withToken(glpi.userToken);
    t.clock.now = new Date(t.clock.now.getTime() + 60_000);
    await t.flush();
    expect(glpi.tickets.size).to.equal(1);
    expect((await transferOf(t, ticket.id)).state).to.equal("open");
    expect(t.sender.last("dm:alice").text).to.match(/^Votre demande n°\d+ est désormais traitée par Service Desk RIC, sous la référence \d+\./);
  });

  it("sends the App-Token: a wrong one is refused by GLPI before any session", async () => {
    await t.close();
    t = await openTestDesk({
      config: shippedConfigWith(RIC),
      externalSecrets: secrets({ ric: { connector: "glpi", url: glpi.url, userToken: glpi.userToken, appToken: "not-the-app-token" } }),
    });
    const ticket = await openPasswordTicket(t);
    await transfer(t, ticket.id, "ric");
    expect(field(lastCard(t), "Transfert")).to.match(/GLPI answered 400 ERROR_WRONG_APP_TOKEN_PARAMETER/);
    expect(glpi.sessions.size + glpi.killed).to.equal(0);
  });

  it("counts a ticket put in GLPI's trash as deleted there", async () => {
    const ticket = await openPasswordTicket(t);
    await transfer(t, ticket.id, "ric");
    glpi.ticket(Number((await transferOf(t, ticket.id)).externalId)).is_deleted = 1;
    await pollAfter(t, 5);
    expect([(await ticketOf(t, ticket.id)).status, (await transferOf(t, ticket.id)).state]).to.deep.equal(["acknowledged", "deleted"]);
  });

  it("never loses a ticket deleted in GLPI: level 1 has it again and the requester is told", async () => {
    const ticket = await openPasswordTicket(t);
    await transfer(t, ticket.id, "ric");
    const glpiId = Number((await transferOf(t, ticket.id)).externalId);
    t.sender.clear();
    glpi.tickets.delete(glpiId);
    await pollAfter(t, 5);

    const back = await ticketOf(t, ticket.id);
    expect(back.status).to.equal("acknowledged");
    expect((await transferOf(t, ticket.id)).state).to.equal("deleted");
    expect(toAlice(t)).to.deep.equal([`Votre demande n°${ticket.id} n’est plus suivie par Service Desk RIC : le centre de services la reprend.`]);
    const card = lastCard(t);
    expect(field(card, "Transfert")).to.equal(`Service Desk RIC : le ticket ${glpiId} y a été supprimé, il revient au niveau 1`);
    expect(card.actions?.map((a) => a.action)).to.include.members(["ticket.claim", "ticket.transfer"]);
    // Back at level 1, the requester's words go to the triage thread again, not to GLPI.
    const before = glpi.followups.length;
    await t.desk.replyOnTicket(alice, ticket.id, "Toujours rien");
    await t.flush();
    expect(glpi.followups.length).to.equal(before);
    expect(t.sender.viewsIn("triage:desk").some((v) => v.quote?.text === "Toujours rien")).to.equal(true);
    expect(back.slaDueAt).to.not.equal(null);
  });
});
