import { expect } from "chai";
import { readActionEndpoints } from "../../../src/config/env";
import { createGuichet } from "../../../src/app";
import { buildDeskReport } from "../../../src/core/reports/desk-report";
import { SelfServiceRun } from "../../../src/store/entities/SelfServiceRun";
import { Ticket } from "../../../src/store/entities/Ticket";
import { ActionEndpoint } from "../../support/action-endpoint";
import { shippedConfigWith, UNLOCK_ACCOUNT } from "../../support/config-edits";
import { buttonValue } from "../../support/desk-scenarios";
import { emptyPostgres } from "../../support/test-store";
import { alice, ben, dmOf, openTestDesk, writeTestKnowledgeBase, type TestDesk } from "../../support/test-desk";

const SECRET = "site-secret-for-actions-0123456789";
const config = shippedConfigWith((doc) => doc.requestTypes.push(UNLOCK_ACCOUNT));

const databases = [
  { name: "SQLite", options: {} },
  ...(process.env.TEST_DATABASE_URL ? [{ name: "PostgreSQL", options: { databaseUrl: process.env.TEST_DATABASE_URL } }] : []),
];

for (const db of databases) {
  describe(`self-service actions against a local endpoint (${db.name})`, function () {
    this.timeout(60_000);
    let t: TestDesk;
    let endpoint: ActionEndpoint;

    beforeEach(async () => {
      endpoint = new ActionEndpoint(SECRET);
      await endpoint.start();
      if (db.options.databaseUrl) await emptyPostgres(db.options.databaseUrl);
      t = await openTestDesk({ ...db.options, config, actionEndpoints: new Map([["unlock-account", { url: endpoint.url, secret: SECRET }]]) });
    });
    afterEach(async () => {
      await t.close();
      await endpoint.close();
    });

    /** Alice fills the action's form; returns the confirmation message. */
    async function ask(login: string) {
      const outcome = await t.desk.submitForm({ sender: alice, form: "request", context: "unlock-account", values: { login }, place: dmOf("alice") });
      expect(outcome).to.deep.equal({ kind: "done" });
      await t.flush();
      return t.sender.last("dm:alice");
    }

    /** Alice confirms; returns what the press answered, once the call is made and its outcome delivered. */
    async function confirm() {
      const outcome = await t.desk.pressButton({ sender: alice, action: "action.confirm", value: buttonValue(t, "dm:alice", "action.confirm") });
      await t.desk.selfService.idle();
      await t.flush();
      return outcome;
    }

    const tickets = () => t.guichet.store.manager.find(Ticket, { order: { id: "ASC" } });

    it("asks the fields, confirms with the requester, calls the endpoint signed, and answers at once: a deflection", async () => {
      const question = await ask("amartin");
      expect(question.text).to.equal("Débloquer le compte amartin ?");
      expect(question.fields).to.deep.equal([{ label: "Identifiant", value: "amartin" }]);
      expect(question.actions?.map((a) => [a.action, a.label])).to.deep.equal([["action.confirm", "Confirmer"], ["action.cancel", "Annuler"]]);
      expect(endpoint.received, "nothing before the confirmation").to.have.length(0);

      expect(await confirm()).to.deep.equal({ kind: "done", notice: "C'est parti : je vous réponds dans un instant." });
      expect(endpoint.unlocked).to.deep.equal(["amartin"]);
      const [{ request, headers }] = endpoint.received;
      expect(request.action).to.equal("unlock-account");
      expect(request.fields).to.deep.equal({ login: "amartin" });
      expect(request.requester).to.include({ name: "Alice Martin", platform: "console", platformId: "alice", profile: "teacher", site: "luminy" });
      expect(headers["x-guichet-delivery"]).to.equal(request.id);
      expect(endpoint.refused).to.equal(0);

      const answer = t.sender.last("dm:alice");
      expect(answer.title).to.equal("✅ Débloquer mon compte");
      expect(answer.text).to.equal("Le compte amartin est débloqué : reconnectez-vous.");
      expect(await tickets()).to.have.length(0);
      const report = await buildDeskReport(t.guichet.store.manager, config, t.guichet.calendar, { since: new Date("2026-11-23T00:00:00Z"), until: new Date("2026-11-30T00:00:00Z") }, t.clock.now);
      expect(report.deflections.count).to.equal(1);
    });

    it("opens a ticket with the error when the endpoint declines, without trying again", async () => {
      await ask("nobody");
      await confirm();
      expect(endpoint.received).to.have.length(1);
      const [ticket] = await tickets();
      expect(ticket.requestType).to.equal("unlock-account");
      expect(ticket.description).to.equal('Identifiant: nobody\nL\'action automatique a échoué : le service a refusé la demande — no account "nobody" in the directory');
      const toAlice = t.sender.viewsIn("dm:alice").slice(-2);
      expect(toAlice[0].text).to.equal("Je n'ai pas pu le faire moi-même : j'ouvre un ticket pour que le support prenne le relais.");
      expect(toAlice[1].kind).to.equal("receipt");
      expect(t.sender.last("triage:desk").ticketId).to.equal(ticket.id);
      const run = await t.guichet.store.manager.findOneByOrFail(SelfServiceRun, {});
      expect([run.state, run.ticketId]).to.deep.equal(["failed", ticket.id]);
    });

    it("tries once more after a server error, with the same id, and succeeds", async () => {
      endpoint.failNext = 1;
      await ask("jdupont");
      await confirm();
      expect(endpoint.received).to.have.length(2);
      expect(endpoint.received[0].request.id).to.equal(endpoint.received[1].request.id);
      expect(endpoint.unlocked).to.deep.equal(["jdupont"]);
      expect(await tickets()).to.have.length(0);
    });

    it("opens a ticket when the endpoint does not answer in time, after a second try", async () => {
      endpoint.delayMs = 1500;
      await ask("amartin");
      await confirm();
      expect(endpoint.received).to.have.length(2);
      const [ticket] = await tickets();
      expect(ticket.description).to.equal("Identifiant: amartin\nL'action automatique a échoué : pas de réponse en 1 s (2 essais)");
    });

    it("opens a ticket when the endpoint cannot be reached", async () => {
      await endpoint.close();
      await ask("amartin");
      await confirm();
      const [ticket] = await tickets();
      expect(ticket.description).to.match(/^Identifiant: amartin\nL'action automatique a échoué : service injoignable \(ECONNREFUSED\)$/);
    });

    it("does nothing once the requester cancels, and lets nobody else confirm", async () => {
      await ask("amartin");
      const value = buttonValue(t, "dm:alice", "action.confirm");
      expect(await t.desk.pressButton({ sender: ben, action: "action.confirm", value })).to.deep.equal({ kind: "refused", message: "This action was asked for by someone else." });
      expect(await t.desk.pressButton({ sender: alice, action: "action.cancel", value })).to.deep.equal({ kind: "done", notice: "D'accord, je ne fais rien. Réécrivez-moi si besoin." });
      expect(await confirm()).to.deep.equal({ kind: "done", notice: "Cette action est déjà terminée." });
      expect(endpoint.received).to.have.length(0);
    });

    it("calls once when Confirm is pressed twice at once", async () => {
      for (let i = 0; i < 5; i++) {
        await ask("amartin");
        const value = buttonValue(t, "dm:alice", "action.confirm");
        const outcomes = await Promise.all([1, 2].map(() => t.desk.pressButton({ sender: alice, action: "action.confirm", value })));
        await t.desk.selfService.idle();
        expect(outcomes.map((o) => (o.kind === "done" ? o.notice : o.kind)).sort(), `try ${i}`).to.deep.equal([
          "C'est parti : je vous réponds dans un instant.",
          "Cette action est déjà lancée.",
        ].sort());
      }
      await t.flush();
      expect(new Set(endpoint.received.map((r) => r.request.id)).size).to.equal(5);
      expect(endpoint.received).to.have.length(5);
    });

    it("calls again, with the same id, a call its instance stopped in the middle of", async () => {
      await ask("amartin");
      const run = await t.guichet.store.manager.findOneByOrFail(SelfServiceRun, {});
      // Confirmed and claimed by an instance that then died: its claim has lapsed.
      await t.guichet.store.manager.update(SelfServiceRun, { id: run.id }, { state: "calling", attempts: 1, claimedUntil: new Date(t.clock.now.getTime() - 1000) });
      t.desk.selfService.kick();
      await t.desk.selfService.idle();
      await t.flush();
      expect(endpoint.received.map((r) => r.request.id)).to.deep.equal([run.deliveryId]);
      expect((await t.guichet.store.manager.findOneByOrFail(SelfServiceRun, { id: run.id })).state).to.equal("succeeded");
      expect(t.sender.last("dm:alice").title).to.equal("✅ Débloquer mon compte");
    });
  });
}

describe("self-service actions: configuration", () => {
  it("needs each action's URL and secret from the environment, and names the variables missing", () => {
    expect(() => readActionEndpoints(config, {})).to.throw(/GUICHET_ACTION_UNLOCK_ACCOUNT_URL: not set[\s\S]*GUICHET_ACTION_UNLOCK_ACCOUNT_SECRET: not set/);
    expect(() => readActionEndpoints(config, { GUICHET_ACTION_UNLOCK_ACCOUNT_URL: "ftp://x", GUICHET_ACTION_UNLOCK_ACCOUNT_SECRET: "s" })).to.throw(/must be an http:\/\/ or https:\/\/ URL/);
    const endpoints = readActionEndpoints(config, { GUICHET_ACTION_UNLOCK_ACCOUNT_URL: "https://site.example/unlock", GUICHET_ACTION_UNLOCK_ACCOUNT_SECRET: "s" });
    expect([...endpoints]).to.deep.equal([["unlock-account", { url: "https://site.example/unlock", secret: "s" }]]);
  });

  it("refuses to start a desk whose action has no endpoint", async () => {
    let error: unknown = null;
    await createGuichet({ config, kbDir: writeTestKnowledgeBase(), sqliteFile: ":memory:" }).then((g) => g.close(), (e: unknown) => (error = e));
    expect(String(error)).to.match(/GUICHET_ACTION_UNLOCK_ACCOUNT_URL: not set/);
  });
});
