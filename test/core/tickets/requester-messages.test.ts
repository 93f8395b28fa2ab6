import { expect } from "chai";
import { SlaSweep } from "../../../src/core/sla/sla-sweep";
import { Ticket } from "../../../src/store/entities/Ticket";
import { TicketEvent } from "../../../src/store/entities/TicketEvent";
import { openPasswordTicket, reload, ticketButton } from "../../support/desk-scenarios";
import { alice, ben, bruno, dmOf, openTestDesk, type TestDesk } from "../../support/test-desk";
import { paris } from "../sla/calendar-fixtures";

const press = (t: TestDesk, sender: typeof alice, action: string, value: string | number) =>
  t.desk.pressButton({ sender, action, value: String(value) });
const resolve = (t: TestDesk, id: number) =>
  t.desk.submitForm({ sender: bruno, form: "resolve", context: String(id), values: { resolution: "Mot de passe réinitialisé." }, place: dmOf("bruno") });
/** Messages relayed to level 1 about a ticket, in its triage thread. */
const relayedTo = (t: TestDesk, id: number) =>
  t.sender.deliveries.filter((d) => d.conversation === "triage:desk" && d.thread !== null && d.view.ticketId === id && d.view.kind === "relay");

async function at<T>(t: TestDesk, local: string, work: () => Promise<T>): Promise<T> {
  t.clock.now = paris(local);
  const result = await work();
  await t.flush();
  return result;
}

describe("a requester's message on their ticket", () => {
  let t: TestDesk;
  let ticket: Ticket;
  beforeEach(async () => {
    t = await openTestDesk();
    ticket = await openPasswordTicket(t);
    await press(t, bruno, "ticket.claim", ticket.id);
    await at(t, "2026-11-24T11:00", () => resolve(t, ticket.id));
    t.sender.clear();
  });
  afterEach(async () => t.close());

  describe("once it is resolved", () => {
    it("reopens it: level 1 sees the message in its thread, and the ticket no longer closes itself", async () => {
      await at(t, "2026-11-25T09:00", () => t.desk.replyOnTicket(alice, ticket.id, "Ça ne marche toujours pas depuis mon portable."));
      expect((await reload(t, ticket.id)).status).to.equal("in_progress");
      expect(relayedTo(t, ticket.id).map((d) => d.view.quote?.text)).to.deep.equal(["Ça ne marche toujours pas depuis mon portable."]);
      expect(t.sender.viewsIn("dm:alice").map((v) => v.text)).to.deep.equal([
        `Le ticket n°${ticket.id} est rouvert : une solution est attendue au plus tard vendredi 27 novembre à 17:00.`,
      ]);
      // The day it would have closed itself (five working days after the resolution), it is still open.
      await at(t, "2026-12-01T11:00", () => new SlaSweep(t.desk.ctx, t.desk.tickets).run());
      expect((await reload(t, ticket.id)).status).to.not.be.oneOf(["resolved", "closed"]);
      expect(t.sender.viewsIn("dm:alice").some((v) => v.text?.startsWith("Sans nouvelle de votre part"))).to.equal(false);
    });

    it("passes a bare thank-you on without reopening it", async () => {
      await at(t, "2026-11-25T09:00", () => t.desk.replyOnTicket(alice, ticket.id, "Merci !"));
      expect((await reload(t, ticket.id)).status).to.equal("resolved");
      expect(relayedTo(t, ticket.id).map((d) => d.view.quote?.text)).to.deep.equal(["Merci !"]);
    });
  });

  describe("once it is closed", () => {
    beforeEach(async () => {
      await press(t, alice, "ticket.close", ticket.id);
      await t.flush();
      t.sender.clear();
    });

    it("tells the requester it is closed and offers a new ticket linked to it", async () => {
      await at(t, "2026-11-26T09:00", () => t.desk.replyOnTicket(alice, ticket.id, "Le problème est revenu ce matin."));
      const offer = t.sender.last("dm:alice");
      expect(offer.text).to.equal(`Le ticket n°${ticket.id} est clos. Voulez-vous ouvrir un nouveau ticket, lié au n°${ticket.id}, avec ce message ?`);
      expect(offer.actions?.map((a) => a.label)).to.deep.equal(["Ouvrir un nouveau ticket", "Laisser tomber"]);
      expect(relayedTo(t, ticket.id)).to.deep.equal([]);

      const followUp = offer.actions!.find((a) => a.action === "ticket.follow_up")!;
      expect(await press(t, ben, followUp.action, followUp.value)).to.have.property("kind", "refused");
      expect(await press(t, alice, followUp.action, followUp.value)).to.deep.equal({ kind: "done" });
      await t.flush();
      const created = await t.guichet.store.manager.findOneOrFail(Ticket, { where: {}, order: { id: "DESC" } });
      expect([created.id !== ticket.id, created.followUpOfId, created.description]).to.deep.equal([true, ticket.id, "Le problème est revenu ce matin."]);
      const card = t.sender.deliveries.filter((d) => d.view.kind === "ticket_card" && d.view.ticketId === created.id).at(-1)!.view;
      expect(card.fields?.find((f) => f.label === "Suite du ticket")?.value).to.equal(`n°${ticket.id}`);
      expect(relayedTo(t, ticket.id).map((d) => d.view.text)).to.deep.equal([`Le demandeur a ouvert le ticket n°${created.id} à la suite de celui-ci.`]);
      expect(await t.guichet.store.manager.count(TicketEvent, { where: { ticketId: ticket.id, type: "followed_up" } })).to.equal(1);
    });
  });
});

describe("a merged ticket's requester", () => {
  let t: TestDesk;
  let kept: Ticket;
  let merged: Ticket;
  beforeEach(async () => {
    t = await openTestDesk();
    kept = await openPasswordTicket(t);
    await t.desk.receiveMessage({ sender: ben, place: dmOf("ben"), text: "I forgot my password and cannot log in" });
    await t.flush();
    await press(t, ben, ticketButton(t, "dm:ben").action, ticketButton(t, "dm:ben").value);
    await t.flush();
    merged = await t.guichet.store.manager.findOneOrFail(Ticket, { where: {}, order: { id: "DESC" } });
    await press(t, bruno, "ticket.claim", kept.id);
    await t.desk.submitForm({ sender: bruno, form: "merge", context: String(merged.id), values: { into: String(kept.id) }, place: dmOf("bruno") });
    await t.flush();
    t.sender.clear();
  });
  afterEach(async () => t.close());

  it("gets the kept ticket's news in their own language, on their own ticket", async () => {
    await t.desk.replyOnTicket(bruno, kept.id, "Essayez depuis la page de réinitialisation.");
    await t.flush();
    expect(t.sender.last("dm:alice").quote?.author).to.equal("Réponse de Bruno Agent");
    const toBen = t.sender.last("dm:ben");
    expect([toBen.lang, toBen.ticketId, toBen.quote?.author]).to.deep.equal(["en", merged.id, "Reply from Bruno Agent"]);
  });

  it("replies on the kept ticket, from their own thread or naming the kept one", async () => {
    await t.desk.replyOnTicket(ben, merged.id, "The reset page says my account is locked.");
    await t.desk.replyOnTicket(ben, kept.id, "It is the same account as Alice's.");
    await t.flush();
    expect(relayedTo(t, kept.id).map((d) => d.view.quote?.text)).to.deep.equal(["The reset page says my account is locked.", "It is the same account as Alice's."]);
  });

  it("can confirm the resolution with the buttons they get, and rates on their own ticket", async () => {
    await resolve(t, kept.id);
    await t.flush();
    const resolved = t.sender.last("dm:ben");
    expect([resolved.lang, resolved.title]).to.deep.equal(["en", `Ticket #${kept.id} resolved`]);
    const confirm = resolved.actions!.find((a) => a.action === "ticket.close")!;
    expect(await press(t, ben, confirm.action, confirm.value)).to.deep.equal({ kind: "done" });
    expect((await reload(t, kept.id)).status).to.equal("closed");
    await t.flush();
    const survey = t.sender.viewsIn("dm:ben").find((v) => v.kind === "survey")!;
    expect(survey.actions?.map((a) => a.value)).to.deep.equal([1, 2, 3, 4, 5].map((score) => `${merged.id}:${score}`));
    expect(await press(t, ben, "survey.rate", `${merged.id}:5`)).to.deep.equal({ kind: "done" });
    expect((await reload(t, merged.id)).satisfaction).to.equal(5);
    expect(t.sender.viewsIn("dm:alice").filter((v) => v.kind === "survey").map((v) => v.actions?.[0].value)).to.deep.equal([`${kept.id}:1`]);
  });
});
