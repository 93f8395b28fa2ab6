import { expect } from "chai";
import type { MessageView } from "../../../src/core/messages/message-view";
import { SlaSweep } from "../../../src/core/sla/sla-sweep";
import { Person } from "../../../src/store/entities/Person";
import { Ticket } from "../../../src/store/entities/Ticket";
import { TicketEvent } from "../../../src/store/entities/TicketEvent";
import { shippedConfigWith } from "../../support/config-edits";
import { reload } from "../../support/desk-scenarios";
import { alice, ben, bruno, dmOf, marie, openTestDesk, persona, type TestDesk } from "../../support/test-desk";
import { ARRIVAL, claimAndResolve, fabien, hugo, ines, openArrival, pendingApprovalValue, stepsOf, submitArrival, subRequestsOf } from "../../support/workflow-scenarios";

const paul = persona("paul");

const cardsIn = (t: TestDesk, conversation: string) => t.sender.viewsIn(conversation).filter((v) => v.kind === "ticket_card");
const lastCard = (t: TestDesk, conversation: string, ticketId: number): MessageView => {
  const cards = cardsIn(t, conversation).filter((v) => v.ticketId === ticketId);
  if (cards.length === 0) throw new Error(`no card of #${ticketId} in ${conversation}`);
  return cards[cards.length - 1];
};
const press = (t: TestDesk, sender: typeof alice, action: string, value: string | number) => t.desk.pressButton({ sender, action, value: String(value) });

describe("workflows: a request that needs several teams", () => {
  let t: TestDesk;
  beforeEach(async () => {
    t = await openTestDesk();
  });
  afterEach(async () => t.close());

  describe("opening the shipped arrival of a new staff member", () => {
    it("opens a sub-request in each team's triage, linked to the request, with the answers it needs", async () => {
      const { parent, subRequests } = await openArrival(t);
      expect(parent.workflow).to.equal(true);
      expect(parent.status).to.equal("acknowledged");
      expect(subRequests.map((s) => [s.team, s.title, s.parentId])).to.deep.equal([
        ["identity", "Compte informatique de Jean Dupont", parent.id],
        ["workplace", "Poste de travail de Jean Dupont", parent.id],
        ["logistics", "Badge d'accès de Jean Dupont", parent.id],
      ]);
      expect(subRequests[0].fields).to.deep.equal({ name: "Jean Dupont", start: "2026-12-01", unit: "Laboratoire LIS" });
      expect(subRequests[1].fields).to.deep.equal({ name: "Jean Dupont", start: "2026-12-01", office: "Bât. A, bureau 12", computer: "linux" });
      expect(subRequests.map((s) => s.category)).to.deep.equal(["accounts", "workstation", "buildings"]);

      for (const [conversation, child] of [["triage:identity", subRequests[0]], ["triage:workplace", subRequests[1]], ["triage:logistics", subRequests[2]]] as const) {
        const card = lastCard(t, conversation, child.id);
        expect(card.actions?.map((a) => a.action), conversation).to.include("ticket.claim");
        expect(card.fields?.find((f) => f.label === "Demande d'origine")?.value, conversation).to.match(new RegExp(`^n°${parent.id} · Arrivée d'un nouvel agent \\(étape « .+ »\\)$`));
      }
    });

    it("posts the request's card with its steps and no Claim, and tells the requester once, with the steps", async () => {
      const { parent, subRequests } = await openArrival(t);
      const card = lastCard(t, "triage:desk", parent.id);
      expect(card.steps?.lines.map((l) => l.state)).to.deep.equal(["done", "current", "current", "current"]);
      expect(card.steps?.lines[0].text).to.equal("1. Validation du responsable — validée par Marie Directrice");
      expect(card.steps?.lines[1].text).to.equal(`2. Compte informatique — n°${subRequests[0].id} · Identités numériques · accusé de réception`);
      expect(card.actions?.map((a) => a.action)).to.deep.equal(["request.cancel", "ticket.blocking", "ticket.note"]);

      const toAlice = t.sender.viewsIn("dm:alice");
      expect(toAlice.map((v) => v.kind), "one receipt and the approval, none per sub-request").to.deep.equal(["receipt", "notice"]);
      expect(toAlice.map((v) => v.ticketId)).to.deep.equal([parent.id, parent.id]);
      expect(toAlice[0].steps?.lines.map((l) => l.text.split(" — ")[0])).to.deep.equal([
        "1. Validation du responsable", "2. Compte informatique", "2. Poste de travail", "2. Badge d'accès",
      ]);
      expect(toAlice[0].actions?.map((a) => [a.action, a.value])).to.deep.equal([["request.cancel", String(parent.id)]]);
    });

    it("keeps the requester's list to the one request", async () => {
      const { parent } = await openArrival(t);
      const status = await t.desk.runCommand(alice, dmOf("alice"), "status", "");
      const text = status.kind === "view" ? (status.view.text ?? "") : "";
      expect(text).to.contain(`#${parent.id} · Arrivée d'un nouvel agent`);
      expect(text.match(/#\d+ ·/g)).to.have.length(1);
    });
  });

  describe("each sub-request, a ticket of its team", () => {
    it("has SLA commitments of its own, while the request itself has none", async () => {
      const { parent, subRequests } = await openArrival(t);
      for (const child of subRequests) expect((await reload(t, child.id)).slaDueAt, `#${child.id}`).not.to.equal(null);
      expect((await reload(t, parent.id)).slaDueAt).to.equal(null);

      // Two working days later nobody has taken anything: each team hears of its own ticket, the request is silent.
      t.clock.now = new Date("2026-11-26T10:00:00Z");
      await new SlaSweep(t.guichet.desk.ctx, t.guichet.desk.tickets).run();
      await t.flush();
      const alerts = t.sender.deliveries.filter((d) => d.view.kind === "sla_alert");
      expect(alerts.some((d) => d.view.ticketId === parent.id)).to.equal(false);
      for (const [conversation, child] of [["triage:identity", subRequests[0]], ["triage:workplace", subRequests[1]], ["triage:logistics", subRequests[2]]] as const) {
        expect(alerts.some((d) => d.conversation === conversation && d.view.ticketId === child.id), conversation).to.equal(true);
      }
    });

    it("is escalated to its category's experts like any ticket, and the request's card shows it", async () => {
      const { parent, subRequests } = await openArrival(t);
      await press(t, ines, "ticket.claim", subRequests[0].id);
      const outcome = await t.desk.submitForm({ sender: ines, form: "escalate", context: String(subRequests[0].id), values: { group: "identity", note: "homonyme dans l'annuaire" }, place: dmOf("ines") });
      expect(outcome).to.deep.equal({ kind: "done" });
      await t.flush();
      expect(t.sender.last("experts:identity").ticketId).to.equal(subRequests[0].id);
      expect(lastCard(t, "triage:desk", parent.id).steps?.lines[1].text).to.equal(`2. Compte informatique — n°${subRequests[0].id} · Identités numériques · escaladé · Inès Comptes`);
      expect(t.sender.viewsIn("dm:alice"), "the requester hears of steps done, not of each move").to.have.length(2);
    });
  });

  describe("the requester follows one request", () => {
    it("gets one message per step done, then the request resolved, after three teams each did their part", async () => {
      const { parent, subRequests } = await openArrival(t);
      await claimAndResolve(t, ines, subRequests[0].id, "Compte jdupont créé ; le mot de passe est remis à son arrivée.");
      await claimAndResolve(t, hugo, subRequests[1].id, "PC Linux préparé, livré au bureau 12.");
      expect((await reload(t, parent.id)).status).to.equal("acknowledged");
      await claimAndResolve(t, fabien, subRequests[2].id, "Badge prêt à l'accueil du bâtiment A.");

      const toAlice = t.sender.viewsIn("dm:alice").slice(2);
      expect(toAlice.map((v) => v.text)).to.deep.equal([
        "Étape « Compte informatique » terminée (2 sur 4).",
        "Étape « Poste de travail » terminée (3 sur 4).",
        "Étape « Badge d'accès » terminée (4 sur 4).",
        "Toutes les étapes de votre demande sont terminées. Confirmez, ou rouvrez-la s'il manque quelque chose.",
      ]);
      expect(toAlice[0].quote).to.deep.equal({ author: "Inès Comptes", text: "Compte jdupont créé ; le mot de passe est remis à son arrivée." });
      expect(toAlice.every((v) => v.ticketId === parent.id)).to.equal(true);
      expect(toAlice[3].actions?.map((a) => [a.action, a.value])).to.deep.equal([["ticket.close", String(parent.id)], ["ticket.reopen", String(parent.id)]]);

      const resolved = await reload(t, parent.id);
      expect(resolved.status).to.equal("resolved");
      expect(resolved.resolution).to.equal(`Toutes les étapes sont terminées : Validation du responsable, Compte informatique (n°${subRequests[0].id}), Poste de travail (n°${subRequests[1].id}), Badge d'accès (n°${subRequests[2].id}).`);
      expect(lastCard(t, "triage:desk", parent.id).steps?.lines.map((l) => l.state)).to.deep.equal(["done", "done", "done", "done"]);
      const claims = await t.guichet.store.manager.find(TicketEvent, { where: { type: "claimed" } });
      expect(new Set(claims.map((e) => e.actorId)).size, "three agents of three teams").to.equal(3);

      // The requester confirms: the request and its sub-requests close; one survey, the request's.
      t.sender.clear();
      expect(await press(t, alice, "ticket.close", parent.id)).to.deep.equal({ kind: "done" });
      await t.flush();
      expect((await reload(t, parent.id)).status).to.equal("closed");
      for (const child of subRequests) expect((await reload(t, child.id)).status, `#${child.id}`).to.equal("closed");
      expect(t.sender.viewsIn("dm:alice").filter((v) => v.kind === "survey").map((v) => v.ticketId)).to.deep.equal([parent.id]);
    });

    it("passes a team's words to the requester in the request's thread, and the requester's answer back to the team", async () => {
      const { parent, subRequests } = await openArrival(t);
      const account = subRequests[0];
      await press(t, ines, "ticket.claim", account.id);
      await t.desk.replyOnTicket(ines, account.id, "Faut-il une adresse en @univ ou en @lab ?");
      await press(t, ines, "ticket.wait", account.id);
      await t.flush();
      const [question, waiting] = t.sender.viewsIn("dm:alice").slice(2);
      expect(question.title).to.equal(`Compte informatique (n°${account.id})`);
      expect(question.quote).to.deep.equal({ author: "Réponse de Inès Comptes", text: "Faut-il une adresse en @univ ou en @lab ?" });
      expect([question.ticketId, waiting.ticketId]).to.deep.equal([parent.id, parent.id]);
      expect(waiting.text).to.equal("Le support attend une réponse de votre part.");

      await t.desk.replyOnTicket(alice, parent.id, "En @lab, merci.");
      await t.flush();
      expect(t.sender.last("triage:identity").quote).to.deep.equal({ author: "Alice Martin (demandeur) a écrit", text: "En @lab, merci." });
      expect(t.sender.last("triage:workplace").quote?.text).to.equal("En @lab, merci.");
      expect((await reload(t, account.id)).status, "the answer ends the wait").to.equal("in_progress");
    });
  });

  describe("cancelling, reopening", () => {
    it("cancels the open sub-requests with the request, tells their teams, and keeps what is done", async () => {
      const { parent, subRequests } = await openArrival(t);
      await claimAndResolve(t, hugo, subRequests[1].id, "PC prêt.");
      expect(await press(t, ben, "request.cancel", parent.id)).to.deep.equal({ kind: "refused", message: "Only the requester or the support desk can cancel this request." });

      t.sender.clear();
      expect(await press(t, alice, "request.cancel", parent.id)).to.deep.equal({ kind: "done" });
      await t.flush();
      expect((await reload(t, parent.id)).status).to.equal("closed");
      expect((await stepsOf(t, parent.id)).map((s) => s.state)).to.deep.equal(["approved", "cancelled", "done", "cancelled"]);
      expect((await reload(t, subRequests[0].id)).status).to.equal("closed");
      expect((await reload(t, subRequests[2].id)).status).to.equal("closed");
      expect((await reload(t, subRequests[1].id)).status, "a step done stays done").to.equal("resolved");
      expect(t.sender.last("triage:identity").text).to.equal(`La demande n°${parent.id} a été annulée par Alice Martin : cette sous-demande est close.`);
      expect(t.sender.last("dm:alice").title).to.equal(`Demande n°${parent.id} annulée`);
      expect(await t.guichet.store.manager.countBy(TicketEvent, { ticketId: subRequests[0].id, type: "cancel" })).to.equal(1);
      expect(await press(t, ines, "ticket.claim", subRequests[0].id)).to.have.property("kind", "refused");
    });

    it("lets the desk cancel a request too", async () => {
      const { parent } = await openArrival(t);
      expect(await press(t, bruno, "request.cancel", parent.id)).to.deep.equal({ kind: "done" });
      expect((await reload(t, parent.id)).status).to.equal("closed");
    });

    it("reopens the request when a sub-request is reopened, resolved or closed, and resolves it again after", async () => {
      const { parent, subRequests } = await openArrival(t);
      await claimAndResolve(t, ines, subRequests[0].id, "Compte créé.");
      await claimAndResolve(t, hugo, subRequests[1].id, "PC prêt.");
      await claimAndResolve(t, fabien, subRequests[2].id, "Badge prêt.");
      expect((await reload(t, parent.id)).status).to.equal("resolved");

      t.sender.clear();
      expect(await press(t, fabien, "ticket.reopen", subRequests[2].id)).to.deep.equal({ kind: "done" });
      await t.flush();
      expect((await reload(t, parent.id)).status).to.equal("acknowledged");
      expect(t.sender.last("dm:alice").text).to.equal("L'étape « Badge d'accès » est reprise : votre demande est rouverte.");
      expect((await stepsOf(t, parent.id))[3].state).to.equal("open");

      await t.desk.submitForm({ sender: fabien, form: "resolve", context: String(subRequests[2].id), values: { resolution: "Nouveau badge, le bon cette fois." }, place: dmOf("fabien") });
      await t.flush();
      expect((await reload(t, parent.id)).status).to.equal("resolved");

      // Closed too: the requester confirmed, then the badge turns out wrong again.
      await press(t, alice, "ticket.close", parent.id);
      await press(t, fabien, "ticket.reopen", subRequests[2].id);
      await t.flush();
      expect((await reload(t, parent.id)).status).to.equal("acknowledged");
    });
  });

  describe("approval steps", () => {
    it("asks the requester's manager in her chat, and opens the sub-requests only once she approves", async () => {
      const parent = await submitArrival(t);
      expect(await subRequestsOf(t, parent.id), "nothing goes to the teams before the approval").to.deep.equal([]);
      expect(parent.approval).to.equal("pending");
      const value = await pendingApprovalValue(t, parent.id);
      const asked = t.sender.viewsIn("dm:marie");
      expect(asked.map((v) => [v.title, v.text])).to.deep.equal([[
        `Validation demandée · n°${parent.id} · Arrivée d'un nouvel agent`,
        "Alice Martin fait une demande « Arrivée d'un nouvel agent ». Votre décision est attendue (Validation du responsable).",
      ]]);
      expect(asked[0].actions?.map((a) => [a.action, a.value])).to.deep.equal([["request.approve", value], ["request.reject", value]]);
      expect(lastCard(t, "triage:desk", parent.id).steps?.lines[0].text).to.equal("1. Validation du responsable — en attente de Marie Directrice");

      // Only the step's approver decides, whatever the button: not the desk's agents, not the requester.
      for (const who of [bruno, alice]) {
        expect(await press(t, who, "request.approve", value), who.id).to.deep.equal({ kind: "refused", message: "Cette étape est à valider par Marie Directrice : la décision ne vous revient pas." });
      }
      expect(await press(t, marie, "request.approve", value)).to.deep.equal({ kind: "done" });
      await t.flush();
      expect((await subRequestsOf(t, parent.id)).map((s) => s.team)).to.deep.equal(["identity", "workplace", "logistics"]);
      expect((await reload(t, parent.id)).approval).to.equal("approved");
      expect(t.sender.last("dm:alice").text).to.equal("Étape « Validation du responsable » validée par Marie Directrice. Suite : Compte informatique, Poste de travail, Badge d'accès.");
      expect(await press(t, marie, "request.approve", value), "decided once").to.deep.equal({ kind: "refused", message: "Cette étape n'attend plus de décision." });
    });

    it("ends the request with the reason when the approver rejects it, and opens no sub-request", async () => {
      const parent = await submitArrival(t);
      const value = await pendingApprovalValue(t, parent.id);
      const asked = await press(t, marie, "request.reject", value);
      if (asked.kind !== "form") throw new Error(`no form: ${JSON.stringify(asked)}`);
      expect([asked.form.form, asked.form.context, asked.form.fields.map((f) => [f.id, f.required])]).to.deep.equal(["reject", value, [["reason", true]]]);
      const reject = (values: Record<string, string>) => t.desk.submitForm({ sender: marie, form: "reject", context: value, values, place: dmOf("marie") });
      expect((await reject({ reason: "  " })).kind, "a reason is required").to.equal("invalid");
      expect((await reload(t, parent.id)).status).to.equal("acknowledged");

      expect(await reject({ reason: "Le recrutement est reporté à mars." })).to.deep.equal({ kind: "done" });
      await t.flush();
      const rejected = await reload(t, parent.id);
      expect([rejected.status, rejected.approval]).to.deep.equal(["closed", "rejected"]);
      expect((await stepsOf(t, parent.id)).map((s) => [s.state, s.reason])).to.deep.equal([
        ["rejected", "Le recrutement est reporté à mars."], ["cancelled", null], ["cancelled", null], ["cancelled", null],
      ]);
      expect(await subRequestsOf(t, parent.id)).to.deep.equal([]);
      const told = t.sender.last("dm:alice");
      expect([told.title, told.text, told.quote]).to.deep.equal([
        `Demande n°${parent.id} refusée`,
        "Marie Directrice n'a pas validé votre demande (étape « Validation du responsable ») : elle s'arrête là. Écrivez-moi pour en savoir plus.",
        { author: "Marie Directrice", text: "Le recrutement est reporté à mars." },
      ]);
      expect((await reject({ reason: "encore" })).kind, "decided once").to.equal("refused");
    });

    it("asks the experts of a group, then the next approval once the group's is given", async () => {
      const config = shippedConfigWith((doc) => {
        const arrival = doc.requestTypes.find((r) => r.id === "new-staff") as { workflow: unknown[] };
        arrival.workflow.unshift({ approval: { group: "identity" } });
      });
      await t.close();
      t = await openTestDesk({ config });
      const parent = await submitArrival(t);
      const value = await pendingApprovalValue(t, parent.id);
      expect(t.sender.viewsIn("dm:paul").map((v) => v.actions?.[0].value), "Paul is the identity group's expert").to.deep.equal([value]);
      expect(await press(t, paul, "request.approve", value)).to.deep.equal({ kind: "done" });
      await t.flush();
      // The next approval, Alice's manager's, is asked once the group's is given.
      expect(t.sender.viewsIn("dm:marie")).to.have.length(1);
      expect(lastCard(t, "triage:desk", parent.id).steps?.lines.map((l) => l.text)).to.deep.equal([
        "1. Validation par le groupe « Annuaire et identités » — validée par Paul Applis",
        "2. Validation du responsable — en attente de Marie Directrice",
        "3. Compte informatique — à venir", "3. Poste de travail — à venir", "3. Badge d'accès — à venir",
      ]);
    });
  });

  describe("in English", () => {
    it("tells an English-speaking requester of the steps in English, and her manager asks nothing in French", async () => {
      // Ben, a student in the shipped desk, is staff here, with Marie as his manager.
      const config = shippedConfigWith((doc) => {
        const benEntry = doc.people.find((p) => p.console === "ben") as Record<string, unknown>;
        benEntry.profile = "staff";
        benEntry.manager = "Marie Directrice";
      });
      await t.close();
      t = await openTestDesk({ config });
      const { parent, subRequests } = await openArrival(t, ben);
      const toBen = t.sender.viewsIn("dm:ben");
      expect(toBen[0].text).to.equal("Your request is recorded. It goes through the steps below; you will be told here of each one.");
      expect(toBen[0].steps?.lines.map((l) => l.text.split(" — ")[0])).to.deep.equal(["1. Manager's approval", "2. IT account", "2. Workstation", "2. Access badge"]);
      expect(toBen[1].text).to.equal("Step \"Manager's approval\" approved by Marie Directrice. Next: IT account, Workstation, Access badge.");
      expect(subRequests.map((s) => s.title)).to.deep.equal(["IT account for Jean Dupont", "Workstation for Jean Dupont", "Access badge for Jean Dupont"]);
      await claimAndResolve(t, ines, subRequests[0].id, "Account ready.");
      expect(t.sender.last("dm:ben").text).to.equal("Step \"IT account\" done (2 of 4).");
      expect((await reload(t, parent.id)).lang).to.equal("en");
    });
  });

  describe("who approves", () => {
    it("asks the managers of the request's team when the requester has no manager listed, or the step says so", async () => {
      const config = shippedConfigWith((doc) => {
        delete (doc.people.find((p) => p.console === "alice") as Record<string, unknown>).manager;
        // A second manager, for the logistics team only: not one of the accounts request's approvers.
        doc.people.push({ name: "Luc Bâtiments", role: "manager", manages: ["logistics"], console: "luc" });
      });
      await t.close();
      t = await openTestDesk({ config });
      const parent = await submitArrival(t);
      const step = (await stepsOf(t, parent.id))[0];
      const marieId = (await t.guichet.store.manager.findOneByOrFail(Person, { displayName: "Marie Directrice" })).id;
      expect(step.approverIds, "Marie answers for every team").to.deep.equal([String(marieId)]);
      expect(t.sender.viewsIn("dm:luc")).to.deep.equal([]);
      expect(await press(t, persona("luc"), "request.approve", await pendingApprovalValue(t, parent.id))).to.have.property("kind", "refused");
    });
  });

  describe("steps in order", () => {
    it("opens a later step only once the one before is done", async () => {
      const config = shippedConfigWith((doc) => {
        const arrival = doc.requestTypes.find((r) => r.id === "new-staff") as { workflow: Array<{ subRequests: unknown[] }> };
        const [approval, { subRequests: [account, workstation, badge] }] = arrival.workflow;
        arrival.workflow = [approval, { subRequests: [account] }, { subRequests: [workstation, badge] }];
      });
      await t.close();
      t = await openTestDesk({ config });
      const { parent, subRequests } = await openArrival(t);
      expect(subRequests.map((s) => s.team)).to.deep.equal(["identity"]);
      expect(lastCard(t, "triage:desk", parent.id).steps?.lines.map((l) => [l.state, l.text.split(" — ")[0]])).to.deep.equal([
        ["done", "1. Validation du responsable"], ["current", "2. Compte informatique"], ["waiting", "3. Poste de travail"], ["waiting", "3. Badge d'accès"],
      ]);
      await claimAndResolve(t, ines, subRequests[0].id, "Compte créé.");
      expect((await subRequestsOf(t, parent.id)).map((s) => s.team)).to.deep.equal(["identity", "workplace", "logistics"]);
    });
  });

  describe("the catalogue by profile", () => {
    const catalogue = async (who: typeof alice) => {
      const outcome = await t.desk.runCommand(who, dmOf(who.id), "new", "");
      return outcome.kind === "view" ? outcome.view.actions?.map((a) => a.value) : [];
    };

    it("offers each person the services of their profile, and someone of unknown profile every service", async () => {
      expect(await catalogue(alice), "a teacher").to.include.members(["new-staff", "guest-wifi", "mailing-list"]);
      expect(await catalogue(ben), "a student").to.include("mailing-list").and.not.to.include.members(["new-staff"]);
      expect(await catalogue(ben)).not.to.include("guest-wifi");
      expect(await catalogue(bruno), "no profile known").to.include.members(["new-staff", "guest-wifi"]);
    });

    it("refuses a service to a profile it is not for, on the server, whatever the button or command", async () => {
      expect(await press(t, ben, "request.start", "new-staff")).to.deep.equal({ kind: "refused", message: "This service is not offered to your profile (Students)." });
      const submitted = await t.desk.submitForm({ sender: ben, form: "request", context: "new-staff", values: ARRIVAL, place: dmOf("ben") });
      expect(submitted.kind).to.equal("refused");
      const typed = await t.desk.runCommand(ben, dmOf("ben"), "new", "new-staff");
      expect(typed.kind === "view" ? typed.view.text : "").to.equal("This service is not offered to your profile (Students).");
      expect(await t.guichet.store.manager.count(Ticket)).to.equal(0);
    });
  });

  describe("its configuration", () => {
    const broken = (edit: (arrival: Record<string, unknown>, doc: { people: Array<Record<string, unknown>> }) => void) => () =>
      shippedConfigWith((doc) => edit(doc.requestTypes.find((r) => r.id === "new-staff") as Record<string, unknown>, doc));
    const firstSub = (arrival: Record<string, unknown>) => (arrival.workflow as Array<{ subRequests: Array<Record<string, unknown>> }>)[1].subRequests[0];

    it("names an unknown team, category or field of a sub-request, and an unknown placeholder of its title", () => {
      expect(broken((a) => (firstSub(a).team = "nowhere"))).to.throw(/requestTypes\.\d+\.workflow\.1\.subRequests\.0\.team: unknown team "nowhere"/);
      expect(broken((a) => (firstSub(a).category = "nothing"))).to.throw(/subRequests\.0\.category: unknown category "nothing"/);
      expect(broken((a) => (firstSub(a).fields = ["name", "salary"]))).to.throw(/subRequests\.0\.fields\.1: unknown field of this request type "salary"/);
      expect(broken((a) => (firstSub(a).title = "Compte de {nom}"))).to.throw(/subRequests\.0\.title: unknown field of this request type "nom"/);
    });

    it("refuses a workflow with no sub-request, with the single approval, or on an action", () => {
      expect(broken((a) => (a.workflow = [{ approval: { role: "manager" } }]))).to.throw(/workflow: a workflow sends at least one sub-request/);
      expect(broken((a) => (a.approval = { role: "manager" }))).to.throw(/approval: a request type with a workflow is approved by its steps/);
      expect(broken((a) => (a.action = {}))).to.throw(/action: a self-service action opens no ticket of its own/);
      expect(broken((a) => ((a.workflow as unknown[]).unshift({ approval: { role: "manager", group: "identity" } })))).to.throw(/say who approves, one of/);
      expect(broken((a) => ((a.workflow as unknown[]).unshift({ approval: { group: "choir" } })))).to.throw(/approval\.group: unknown expert group "choir"/);
    });

    it("refuses a manager who is not in the directory, or oneself", () => {
      expect(broken((_, doc) => (doc.people[0].manager = "Nobody Known"))).to.throw(/people\.0\.manager: no one named "Nobody Known"/);
      expect(broken((_, doc) => (doc.people[0].manager = doc.people[0].name))).to.throw(/people\.0\.manager: a person cannot be their own manager/);
    });
  });
});
