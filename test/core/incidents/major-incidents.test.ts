import { expect } from "chai";
import { PassThrough } from "node:stream";
import { ConsoleChannel } from "../../../src/channels/console/console-channel";
import { localize } from "../../../src/config/localized-text";
import { KnowledgeUsage } from "../../../src/store/entities/KnowledgeUsage";
import { MajorIncidentLink } from "../../../src/store/entities/MajorIncidentLink";
import type { Ticket } from "../../../src/store/entities/Ticket";
import { openPasswordTicket, ticketButton } from "../../support/desk-scenarios";
import { alice, ben, bruno, dmOf, marie, openTestDesk, type TestDesk } from "../../support/test-desk";

const outage = { title: "Panne de l'authentification centrale", category: "accounts" };

/** Ben writes about a printer and gets a ticket (category printing). */
async function openPrinterTicket(t: TestDesk): Promise<void> {
  await t.desk.receiveMessage({ sender: ben, place: dmOf("ben"), text: "my printer does not print anything since this morning" });
  await t.flush();
  await t.desk.pressButton({ sender: ben, ...ticketButton(t, "dm:ben") });
  await t.flush();
}

describe("major incidents", () => {
  let t: TestDesk;
  let passwordTicket: Ticket;
  beforeEach(async () => {
    t = await openTestDesk();
    passwordTicket = await openPasswordTicket(t);
    await openPrinterTicket(t);
    t.sender.clear();
  });
  afterEach(async () => t.close());

  describe("declaring", () => {
    it("broadcasts the incident to the announcements place at once", async () => {
      expect(await t.desk.declareMajorIncident(bruno, outage)).to.deep.equal({ kind: "done", notice: "Incident majeur n°1 déclaré et diffusé." });
      await t.flush();
      const announcement = t.sender.last("announcements");
      expect([announcement.kind, announcement.title]).to.deep.equal(["incident", "⚠️ Incident majeur n°1 · Panne de l'authentification centrale"]);
      expect(announcement.text).to.equal(
        "Un incident majeur touche le service « Comptes et mots de passe » depuis mardi 24 novembre à 10:00. Les équipes sont mobilisées ; inutile de le signaler à nouveau, vous serez informé de son rétablissement.\n" +
          "Prochaines nouvelles au plus tard vendredi 27 novembre à 11:30.",
      );
    });

    it("tells the requesters with an open ticket in the category, in their ticket's thread, and no one else", async () => {
      await t.desk.declareMajorIncident(bruno, outage);
      await t.flush();
      expect(t.sender.last("dm:alice").text).to.equal(
        "Un incident majeur est en cours sur ce service (n°1 « Panne de l'authentification centrale ») : votre demande en dépend sans doute. Vous serez prévenu ici de son rétablissement.",
      );
      expect(t.sender.last("dm:alice").ticketId).to.equal(passwordTicket.id);
      expect(t.sender.viewsIn("dm:ben")).to.deep.equal([]);
      expect(await t.guichet.store.manager.count(MajorIncidentLink, { where: { ticketId: passwordTicket.id } })).to.equal(1);
    });

    it("shows level 1 who declared it, how many requesters were told, and a button to close it", async () => {
      await t.desk.declareMajorIncident(bruno, outage);
      await t.flush();
      const staff = t.sender.last("triage:desk");
      expect(staff.footer).to.equal(
        "Déclaré par Bruno Agent. 1 demandeur avec un ticket ouvert sur ce service est prévenu. Les nouvelles demandes qui lui ressemblent reçoivent son statut.",
      );
      expect(staff.actions?.map((a) => [a.action, a.value])).to.deep.equal([["incident.update", "1"], ["incident.close", "1"]]);
    });

    it("refuses a requester, and an unknown category naming the known ones", async () => {
      expect(await t.desk.declareMajorIncident(alice, outage)).to.deep.equal({ kind: "refused", message: "Seul le support peut déclarer ou clore un incident majeur." });
      const refused = await t.desk.declareMajorIncident(bruno, { title: "x", category: "astrology" });
      expect(refused).to.have.property("kind", "refused");
      expect((refused as { message: string }).message).to.match(/^Catégorie « astrology » inconnue \(catégories : accounts, network, /);
    });

    it("is declared from the form the incident command opens", async () => {
      const opened = await t.desk.runCommand(bruno, dmOf("bruno"), "incident", "");
      expect(opened.kind).to.equal("form");
      if (opened.kind !== "form") return;
      expect(opened.form.fields.map((f) => f.id)).to.deep.equal(["title", "category", "description"]);
      const outcome = await t.desk.submitForm({
        sender: bruno, form: "major_incident", context: "", place: dmOf("bruno"), values: { title: "Wi-Fi en panne à Luminy", category: "network", description: "Bornes du bâtiment A" },
      });
      expect(outcome).to.deep.equal({ kind: "done", notice: "Incident majeur n°1 déclaré et diffusé." });
    });
  });

  describe("a new request while it is open", () => {
    beforeEach(async () => {
      await t.desk.declareMajorIncident(bruno, outage);
      await t.flush();
      t.sender.clear();
    });

    it("is answered with the incident's status before any knowledge article, and linked to it", async () => {
      await t.desk.receiveMessage({ sender: ben, place: dmOf("ben"), text: "I can't log in, my password is refused" });
      await t.flush();
      const answer = t.sender.viewsIn("dm:ben");
      expect(answer.map((v) => v.kind)).to.deep.equal(["incident"]);
      expect(answer[0].text).to.match(/^A major incident is under way: "Panne de l'authentification centrale" \(#1, since Tuesday 24 November at 10:00\)\./);
      expect(answer[0].actions?.map((a) => a.label)).to.deep.equal(["My problem is different"]);
      expect(await t.guichet.store.manager.count(MajorIncidentLink, { where: { incidentId: 1, state: "linked" } })).to.equal(2);
    });

    it("goes back to the knowledge base when the requester says the problem is another one", async () => {
      await t.desk.receiveMessage({ sender: ben, place: dmOf("ben"), text: "I forgot my password" });
      await t.flush();
      const other = t.sender.last("dm:ben").actions?.[0];
      expect(await t.desk.pressButton({ sender: ben, action: "incident.other", value: other?.value ?? "" })).to.deep.equal({ kind: "done" });
      await t.flush();
      expect(t.sender.last("dm:ben").kind).to.not.equal("incident");
      expect(await t.guichet.store.manager.count(KnowledgeUsage, { where: { conversationId: Number(other?.value) } })).to.be.greaterThan(0);
      expect(await t.guichet.store.manager.count(MajorIncidentLink, { where: { incidentId: 1, state: "declined" } })).to.equal(1);
    });

    it("is not answered with the incident again for someone already waiting for it", async () => {
      await t.desk.receiveMessage({ sender: alice, place: dmOf("alice"), text: "je ne retrouve plus mon mot de passe" });
      await t.flush();
      expect(t.sender.viewsIn("dm:alice").map((v) => v.kind)).to.not.include("incident");
      expect(await t.guichet.store.manager.count(MajorIncidentLink, { where: { personId: (await t.desk.person(alice)).id } })).to.equal(1);
    });

    it("goes the usual way when it does not look like the incident", async () => {
      await t.desk.receiveMessage({ sender: ben, place: dmOf("ben"), text: "how do I install a campus printer" });
      await t.flush();
      expect(t.sender.viewsIn("dm:ben").map((v) => v.kind)).to.not.include("incident");
    });
  });

  describe("closing", () => {
    beforeEach(async () => {
      await t.desk.declareMajorIncident(bruno, outage);
      await t.desk.receiveMessage({ sender: ben, place: dmOf("ben"), text: "I can't log in, my password is refused" });
      await t.flush();
      t.sender.clear();
    });

    it("tells every linked requester once, where they were told, in their language", async () => {
      expect(await t.desk.closeMajorIncident(bruno, 1, "Le serveur d'authentification a été redémarré.")).to.deep.equal({
        kind: "done", notice: "Incident majeur n°1 clos ; les personnes concernées sont prévenues.",
      });
      await t.flush();
      expect(t.sender.last("dm:alice").text).to.equal("Le service est rétabli. Le serveur d'authentification a été redémarré. Si vous rencontrez encore un problème, écrivez-moi.");
      expect(t.sender.last("dm:ben").title).to.equal("✅ Major incident #1 fixed · Panne de l'authentification centrale");
      expect(t.sender.last("announcements").title).to.equal("✅ Incident majeur n°1 résolu · Panne de l'authentification centrale");
      expect(await t.desk.closeMajorIncident(marie, 1)).to.deep.equal({ kind: "refused", message: "L'incident majeur n°1 est déjà clos." });
      await t.flush();
      expect(t.sender.viewsIn("dm:alice")).to.have.length(1);
    });

    it("leaves out a requester who said their problem was another one", async () => {
      const other = (await t.guichet.store.manager.findOneOrFail(MajorIncidentLink, { where: { personId: (await t.desk.person(ben)).id } })).conversationId;
      await t.desk.pressButton({ sender: ben, action: "incident.other", value: String(other) });
      await t.flush();
      t.sender.clear();
      await t.desk.pressButton({ sender: bruno, action: "incident.close", value: "1" });
      await t.flush();
      expect(t.sender.viewsIn("dm:ben")).to.deep.equal([]);
      expect(t.sender.viewsIn("dm:alice")).to.have.length(1);
    });
  });

  describe("the incident command", () => {
    it("declares, lists and closes for an agent", async () => {
      const run = async (args: string) => {
        const outcome = await t.desk.runCommand(bruno, dmOf("bruno"), "incident", args);
        return outcome.kind === "view" ? outcome.view.text : outcome.kind;
      };
      expect(await run("declare network Wi-Fi en panne à Luminy")).to.equal("Incident majeur n°1 déclaré et diffusé.");
      const network = localize(t.config.categories.find((c) => c.id === "network")?.label ?? "", "fr");
      expect(await run("list")).to.equal(`n°1 · Wi-Fi en panne à Luminy (${network}, depuis mardi 24 novembre à 10:00)`);
      expect(await run("close 1 Les bornes sont relancées.")).to.equal("Incident majeur n°1 clos ; les personnes concernées sont prévenues.");
      expect(await run("list")).to.equal("Aucun incident majeur en cours.");
      expect(await run("declare")).to.match(/^Usage : incident/);
    });

    it("declares once when the same command is handled twice (a delivery handled again after a crash)", async () => {
      const first = await t.desk.runCommand(bruno, dmOf("bruno"), "incident", "declare network Wi-Fi en panne", "command:T0TWICE");
      const second = await t.desk.runCommand(bruno, dmOf("bruno"), "incident", "declare network Wi-Fi en panne", "command:T0TWICE");
      await t.flush();
      expect([first.kind, second.kind]).to.deep.equal(["view", "duplicate"]);
      expect(t.sender.viewsIn("announcements")).to.have.length(1);
    });

    it("answers a requester that it is for support staff", async () => {
      const outcome = await t.desk.runCommand(alice, dmOf("alice"), "incident", "declare network Wi-Fi");
      expect(outcome.kind === "view" && outcome.view.text).to.equal("Seul le support peut déclarer ou clore un incident majeur.");
    });

    it("is typed as /incident in the console, which shows the announcement", async () => {
      const input = new PassThrough();
      const output = new PassThrough();
      let text = "";
      output.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
      const console = new ConsoleChannel({ desk: t.desk, config: t.config, input, output, persona: "bruno" });
      t.guichet.outbox.register(console);
      const done = console.run();
      input.end("/incident declare network Wi-Fi en panne à Luminy\n");
      await done;
      await t.flush();
      expect(text).to.contain("Incident majeur n°1 déclaré et diffusé.");
      expect(text).to.contain("[announcements]\n  ** ⚠️ Incident majeur n°1 · Wi-Fi en panne à Luminy **");
    });
  });
});
