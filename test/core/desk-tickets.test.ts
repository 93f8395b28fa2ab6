import { expect } from "chai";
import { ConversationMessage } from "../../src/store/entities/ConversationMessage";
import { Ticket } from "../../src/store/entities/Ticket";
import { TicketEvent } from "../../src/store/entities/TicketEvent";
import { openPasswordTicket, reload } from "../support/desk-scenarios";
import { emptyPostgres } from "../support/test-store";
import { alice, ben, bruno, dmOf, lea, marie, nadia, openTestDesk, persona, type TestDesk } from "../support/test-desk";

const press = (t: TestDesk, sender: typeof alice, action: string, value: string | number) =>
  t.desk.pressButton({ sender, action, value: String(value) });

describe("ticket work", () => {
  let t: TestDesk;
  let ticket: Ticket;
  beforeEach(async () => {
    t = await openTestDesk();
    ticket = await openPasswordTicket(t);
    t.sender.clear();
  });
  afterEach(async () => t.close());

  describe("claim", () => {
    it("gives the ticket to the agent who clicks Claim and tells the requester who took it", async () => {
      expect(await press(t, bruno, "ticket.claim", ticket.id)).to.deep.equal({ kind: "done" });
      await t.flush();
      const claimed = await reload(t, ticket.id);
      expect(claimed.status).to.equal("in_progress");
      expect(claimed.takenAt?.toISOString()).to.equal(t.clock.now.toISOString());
      expect(t.sender.last("dm:alice").text).to.match(/^Bruno Agent a pris en charge votre demande\./);
      const card = t.sender.deliveries.find((d) => d.conversation === "triage:desk" && d.operation === "update");
      expect(card?.view.fields?.find((f) => f.label === "Pris par")?.value).to.equal("Bruno Agent");
      expect(card?.view.actions?.map((a) => a.action)).not.to.include("ticket.claim");
    });

    it("tells the second agent who already has the ticket", async () => {
      await press(t, bruno, "ticket.claim", ticket.id);
      expect(await press(t, lea, "ticket.claim", ticket.id)).to.deep.equal({
        kind: "refused",
        message: "Ce ticket est déjà pris en charge par Bruno Agent.",
      });
      expect((await reload(t, ticket.id)).assigneeId).not.to.equal(null);
    });

    it("refuses Claim to a requester and to an expert, on the server", async () => {
      const requester = await press(t, ben, "ticket.claim", ticket.id);
      const expert = await press(t, nadia, "ticket.claim", ticket.id);
      expect(requester).to.deep.equal({ kind: "refused", message: 'You are not allowed to use "Claim": it is for support staff.' });
      expect(expert.kind).to.equal("refused");
      expect((await reload(t, ticket.id)).assigneeId).to.equal(null);
    });

    it("answers a clear message for a ticket number that does not exist", async () => {
      expect(await press(t, bruno, "ticket.claim", 9999)).to.deep.equal({ kind: "refused", message: "Ticket n°9999 introuvable." });
    });
  });

  describe("escalation to level 2", () => {
    beforeEach(async () => {
      await press(t, bruno, "ticket.claim", ticket.id);
      await t.flush();
      t.sender.clear();
    });

    it("asks the agent for the expert group, suggesting the category's", async () => {
      const outcome = await press(t, bruno, "ticket.escalate", ticket.id);
      expect(outcome.kind).to.equal("form");
      if (outcome.kind !== "form") return;
      expect(outcome.form.fields.find((f) => f.id === "group")?.initial).to.equal("identity");
    });

    it("posts the ticket summary in the expert channel and tells the requester the longer delay", async () => {
      const outcome = await t.desk.submitForm({
        sender: bruno, form: "escalate", context: String(ticket.id), values: { group: "network", note: "déjà vérifié le compte" }, place: dmOf("bruno"),
      });
      expect(outcome).to.deep.equal({ kind: "done" });
      await t.flush();
      const post = t.sender.last("experts:network");
      expect(post.kind).to.equal("expert_request");
      expect(post.fields?.[0]).to.deep.equal({ label: "Note de l'agent", value: "déjà vérifié le compte" });
      // The answer was promised for Tuesday 15:30; with experts, the solution is promised by the resolution target.
      expect(t.sender.last("dm:alice").text).to.equal(
        "Votre demande est confiée à des experts, ce qui allonge le délai : une solution est attendue au plus tard vendredi 27 novembre à 10:00.",
      );
      const escalated = await reload(t, ticket.id);
      expect([escalated.status, escalated.level, escalated.expertGroup]).to.deep.equal(["escalated", 2, "network"]);
    });

    it("refuses an unknown expert group", async () => {
      const outcome = await t.desk.submitForm({
        sender: bruno, form: "escalate", context: String(ticket.id), values: { group: "astrology" }, place: dmOf("bruno"),
      });
      expect(outcome).to.deep.equal({ kind: "invalid", errors: { group: "Choisissez une des valeurs proposées." } });
    });

    it("relays an expert's answer to level 1 only, which can forward it to the requester", async () => {
      await t.desk.submitForm({ sender: bruno, form: "escalate", context: String(ticket.id), values: { group: "network" }, place: dmOf("bruno") });
      await t.flush();
      t.sender.clear();
      await t.desk.replyOnTicket(nadia, ticket.id, "Le serveur RADIUS a redémarré, réessayez.");
      await t.flush();
      const relay = t.sender.last("triage:desk");
      expect(relay.quote).to.deep.equal({ author: "Nadia Réseau (experts Réseau et sécurité) a écrit", text: "Le serveur RADIUS a redémarré, réessayez." });
      expect(t.sender.viewsIn("dm:alice")).to.have.length(0);
      const forward = relay.actions?.find((a) => a.action === "ticket.forward");
      expect(await press(t, alice, "ticket.forward", forward?.value ?? "")).to.have.property("kind", "refused");
      expect(await press(t, bruno, "ticket.forward", forward?.value ?? "")).to.deep.equal({ kind: "done", notice: "Transmis au demandeur." });
      await t.flush();
      expect(t.sender.last("dm:alice").quote).to.deep.equal({ author: "Réponse de Bruno Agent", text: "Le serveur RADIUS a redémarré, réessayez." });
    });

    it("sends a ticket waiting for its requester back to the experts when the requester answers", async () => {
      await t.desk.submitForm({ sender: bruno, form: "escalate", context: String(ticket.id), values: { group: "network" }, place: dmOf("bruno") });
      await press(t, bruno, "ticket.wait", ticket.id);
      await t.desk.replyOnTicket(alice, ticket.id, "voici la capture d'écran demandée");
      expect((await reload(t, ticket.id)).status).to.equal("escalated");
    });

    it("brings a ticket back to level 1 when the agent takes it back", async () => {
      await t.desk.submitForm({ sender: bruno, form: "escalate", context: String(ticket.id), values: { group: "network" }, place: dmOf("bruno") });
      await press(t, bruno, "ticket.take_back", ticket.id);
      const back = await reload(t, ticket.id);
      expect([back.status, back.level]).to.deep.equal(["in_progress", 1]);
      await press(t, bruno, "ticket.wait", ticket.id);
      await t.desk.replyOnTicket(alice, ticket.id, "ok");
      expect((await reload(t, ticket.id)).status).to.equal("in_progress");
    });

    it("refuses an expert of another group in the escalation thread", async () => {
      await t.desk.submitForm({ sender: bruno, form: "escalate", context: String(ticket.id), values: { group: "network" }, place: dmOf("bruno") });
      const outcome = await t.desk.replyOnTicket(persona("paul"), ticket.id, "je regarde");
      expect(outcome).to.deep.equal({ kind: "refused", message: `Le ticket n°${ticket.id} n'est pas le vôtre : vous ne pouvez pas y écrire. Pour votre propre demande, écrivez-moi simplement.` });
    });
  });

  describe("conversation on the ticket", () => {
    beforeEach(async () => {
      await press(t, bruno, "ticket.claim", ticket.id);
      await t.flush();
      t.sender.clear();
    });

    it("relays an agent's reply to the requester and records the first answer", async () => {
      await t.desk.replyOnTicket(bruno, ticket.id, "Pouvez-vous essayer depuis un autre navigateur ?");
      await t.flush();
      expect(t.sender.last("dm:alice").quote?.text).to.equal("Pouvez-vous essayer depuis un autre navigateur ?");
      expect((await reload(t, ticket.id)).firstAnswerAt?.toISOString()).to.equal(t.clock.now.toISOString());
    });

    it("keeps an internal note away from the requester", async () => {
      await t.desk.replyOnTicket(bruno, ticket.id, "note: compte verrouillé par l'AD, voir avec l'équipe identité");
      await t.flush();
      expect(t.sender.viewsIn("dm:alice")).to.have.length(0);
      const saved = await t.guichet.store.manager.findOneOrFail(ConversationMessage, { where: { ticketId: ticket.id, visibility: "internal" } });
      expect(saved.text).to.equal("compte verrouillé par l'AD, voir avec l'équipe identité");
      expect((await reload(t, ticket.id)).firstAnswerAt).to.equal(null);
    });

    it("shows the requester's reply to level 1 and resumes a ticket that was waiting for it", async () => {
      await press(t, bruno, "ticket.wait", ticket.id);
      expect((await reload(t, ticket.id)).status).to.equal("waiting_requester");
      t.clock.now = new Date(t.clock.now.getTime() + 60 * 60_000);
      await t.desk.replyOnTicket(alice, ticket.id, "c'est bon, j'ai trouvé l'adresse de secours");
      await t.flush();
      const resumed = await reload(t, ticket.id);
      expect(resumed.status).to.equal("in_progress");
      expect(resumed.waitingSince).to.equal(null);
      expect(resumed.pausedSeconds).to.equal(3600);
      expect(t.sender.last("triage:desk").quote?.text).to.equal("c'est bon, j'ai trouvé l'adresse de secours");
    });

    it("cuts an oversized reply to the desk's limit and marks the cut", async () => {
      await t.desk.replyOnTicket(bruno, ticket.id, "a".repeat(5000));
      await t.flush();
      const relayed = t.sender.last("dm:alice").quote?.text ?? "";
      expect(relayed.startsWith("a".repeat(3000))).to.equal(true);
      expect(relayed.slice(3000)).to.equal(" … (texte coupé : trop long pour être affiché ici en entier)");
    });

    it("tells a requester writing on somebody else's ticket that it is not theirs, not that triage is for agents", async () => {
      expect(await t.desk.replyOnTicket(ben, ticket.id, "hello")).to.deep.equal({
        kind: "refused",
        message: `Ticket #${ticket.id} is not yours: you cannot write on it. For a request of your own, just write to me.`,
      });
    });
  });

  describe("resolution, closing and satisfaction", () => {
    beforeEach(async () => {
      await press(t, bruno, "ticket.claim", ticket.id);
      await t.flush();
      t.sender.clear();
    });

    it("tells the requester it is resolved, with confirm and reopen choices", async () => {
      await t.desk.submitForm({ sender: bruno, form: "resolve", context: String(ticket.id), values: { resolution: "Mot de passe réinitialisé." }, place: dmOf("bruno") });
      await t.flush();
      const notice = t.sender.last("dm:alice");
      expect(notice.title).to.equal(`Ticket n°${ticket.id} résolu`);
      expect(notice.quote?.text).to.equal("Mot de passe réinitialisé.");
      expect(notice.actions?.map((a) => a.action)).to.deep.equal(["ticket.close", "ticket.reopen"]);
    });

    it("closes on the requester's confirmation, sends the 1–5 survey once and stores the rating", async () => {
      await t.desk.submitForm({ sender: bruno, form: "resolve", context: String(ticket.id), values: { resolution: "Compte débloqué." }, place: dmOf("bruno") });
      expect(await press(t, ben, "ticket.close", ticket.id)).to.have.property("kind", "refused");
      await press(t, alice, "ticket.close", ticket.id);
      await t.flush();
      const surveys = t.sender.viewsIn("dm:alice").filter((v) => v.kind === "survey");
      expect(surveys).to.have.length(1);
      expect(surveys[0].actions?.map((a) => a.label)).to.deep.equal(["1", "2", "3", "4", "5"]);
      expect(await press(t, ben, "survey.rate", `${ticket.id}:1`)).to.have.property("kind", "refused");
      await press(t, alice, "survey.rate", `${ticket.id}:4`);
      const closed = await reload(t, ticket.id);
      expect([closed.status, closed.satisfaction]).to.deep.equal(["closed", 4]);
    });

    it("reopens at the requester's request, back to the assignee", async () => {
      await t.desk.submitForm({ sender: bruno, form: "resolve", context: String(ticket.id), values: { resolution: "Compte débloqué." }, place: dmOf("bruno") });
      await press(t, alice, "ticket.reopen", ticket.id);
      const reopened = await reload(t, ticket.id);
      expect([reopened.status, reopened.resolvedAt]).to.deep.equal(["in_progress", null]);
    });

    it("writes every change to the audit log with who made it", async () => {
      await t.desk.submitForm({ sender: bruno, form: "resolve", context: String(ticket.id), values: { resolution: "Compte débloqué." }, place: dmOf("bruno") });
      await press(t, alice, "ticket.close", ticket.id);
      const events = await t.guichet.store.manager.find(TicketEvent, { where: { ticketId: ticket.id }, order: { id: "ASC" } });
      const agent = await t.desk.person(bruno);
      const requester = await t.desk.person(alice);
      expect(events.map((e) => [e.type, e.toStatus, e.actorId])).to.deep.equal([
        ["created", "new", requester.id],
        ["acknowledge", "acknowledged", null],
        ["claimed", "in_progress", agent.id],
        ["resolve", "resolved", agent.id],
        ["close", "closed", requester.id],
      ]);
    });
  });

  describe("merging duplicates", () => {
    it("closes the duplicate into the kept ticket and tells its requester", async () => {
      await t.desk.receiveMessage({ sender: ben, place: dmOf("ben"), text: "I can't print on the 2nd floor printer" });
      await t.flush();
      await press(t, ben, "kb.open_ticket", t.sender.last("dm:ben").actions?.find((a) => a.action.startsWith("kb.") && a.action !== "kb.solved" && a.action !== "kb.cancel")?.value ?? "");
      const second = await t.guichet.store.manager.findOneOrFail(Ticket, { where: { requesterId: (await t.desk.person(ben)).id } });
      expect(await t.desk.submitForm({ sender: bruno, form: "merge", context: String(second.id), values: { into: String(second.id) }, place: dmOf("bruno") }))
        .to.deep.equal({ kind: "refused", message: "Un ticket ne peut pas être fusionné avec lui-même." });
      await t.desk.submitForm({ sender: bruno, form: "merge", context: String(second.id), values: { into: String(ticket.id) }, place: dmOf("bruno") });
      await t.flush();
      const merged = await reload(t, second.id);
      expect([merged.status, merged.mergedIntoId]).to.deep.equal(["closed", ticket.id]);
      expect(t.sender.last("dm:ben").text).to.match(new RegExp(`continues on #${ticket.id}`));
    });
  });

  describe("service requests", () => {
    it("refuses a form with a bad value and names the field", async () => {
      const outcome = await t.desk.submitForm({
        sender: alice, form: "request", context: "mailing-list", values: { name: "Ma Liste!", owner: "not-an-email", audience: "staff" }, place: dmOf("alice"),
      });
      expect(outcome.kind).to.equal("invalid");
      if (outcome.kind !== "invalid") return;
      expect(Object.keys(outcome.errors).sort()).to.deep.equal(["name", "owner"]);
    });

    it("opens a request with its fields, routed by its type's category", async () => {
      const outcome = await t.desk.submitForm({
        sender: alice, form: "request", context: "mailing-list", values: { name: "labo-geo", owner: "alice@univ-exemple.fr", audience: "staff" }, place: dmOf("alice"),
      });
      expect(outcome).to.deep.equal({ kind: "done" });
      const request = await t.guichet.store.manager.findOneOrFail(Ticket, { where: { requestType: "mailing-list" } });
      expect([request.kind, request.category, request.fields]).to.deep.equal(["request", "email", { name: "labo-geo", owner: "alice@univ-exemple.fr", audience: "staff" }]);
    });

    it("waits for a manager's approval when the type needs one", async () => {
      await t.desk.submitForm({
        sender: alice, form: "request", context: "car-access", values: { campus: "luminy", plate: "AB-123-CD", until: "2027-06-30" }, place: dmOf("alice"),
      });
      const request = await t.guichet.store.manager.findOneOrFail(Ticket, { where: { requestType: "car-access" } });
      expect(request.team).to.equal("logistics");
      expect(await press(t, bruno, "ticket.claim", request.id)).to.deep.equal({ kind: "refused", message: "Cette demande attend la validation d'un responsable." });
      expect(await press(t, bruno, "request.approve", request.id)).to.have.property("kind", "refused");
      expect(await press(t, marie, "request.approve", request.id)).to.deep.equal({ kind: "done" });
      expect(await press(t, bruno, "ticket.claim", request.id)).to.deep.equal({ kind: "done" });
    });
  });
});

const databases = [
  { name: "SQLite", options: {} },
  ...(process.env.TEST_DATABASE_URL ? [{ name: "PostgreSQL", options: { databaseUrl: process.env.TEST_DATABASE_URL } }] : []),
];

for (const db of databases) {
  describe(`concurrent claims on ${db.name}`, () => {
    it("gives the ticket to exactly one of several agents clicking at once, and tells the others who has it", async () => {
      if (db.options.databaseUrl) await emptyPostgres(db.options.databaseUrl);
      const t = await openTestDesk(db.options);
      try {
        const ticket = await openPasswordTicket(t);
        const agents = [bruno, lea, persona("marie")];
        const outcomes = await Promise.all(agents.map((agent) => press(t, agent, "ticket.claim", ticket.id)));
        const winners = outcomes.filter((o) => o.kind === "done");
        expect(winners).to.have.length(1);
        const winner = agents[outcomes.findIndex((o) => o.kind === "done")];
        const winnerName = (await t.desk.person(winner)).displayName;
        for (const loser of outcomes.filter((o) => o.kind !== "done")) {
          expect(loser).to.deep.equal({ kind: "refused", message: `Ce ticket est déjà pris en charge par ${winnerName}.` });
        }
        const claims = await t.guichet.store.manager.count(TicketEvent, { where: { ticketId: ticket.id, type: "claimed" } });
        expect(claims).to.equal(1);
      } finally {
        await t.close();
      }
    });
  });
}
