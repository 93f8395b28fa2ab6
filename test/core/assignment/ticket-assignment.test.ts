import { expect } from "chai";
import { loadDeskConfig } from "../../../src/config/desk-config";
import { SlaSweep } from "../../../src/core/sla/sla-sweep";
import { Person } from "../../../src/store/entities/Person";
import type { Ticket } from "../../../src/store/entities/Ticket";
import { TicketEvent } from "../../../src/store/entities/TicketEvent";
import { openPasswordTicket, reload } from "../../support/desk-scenarios";
import { emptyPostgres } from "../../support/test-store";
import { alice, bruno, dmOf, lea, marie, nadia, openTestDesk, type TestDesk } from "../../support/test-desk";
import { paris } from "../sla/calendar-fixtures";

const press = (t: TestDesk, sender: typeof alice, action: string, value: string | number) =>
  t.desk.pressButton({ sender, action, value: String(value) });
const assign = (t: TestDesk, sender: typeof alice, id: number, assignee: string) =>
  t.desk.submitForm({ sender, form: "assign", context: String(id), values: { assignee }, place: dmOf(sender.id) });
const lastCard = (t: TestDesk) => {
  const cards = t.sender.deliveries.filter((d) => d.conversation === "triage:desk" && d.view.kind === "ticket_card");
  return cards[cards.length - 1].view;
};
const field = (view: { fields?: Array<{ label: string; value: string }> }, label: string) => view.fields?.find((f) => f.label === label)?.value;

describe("ticket ownership", () => {
  let t: TestDesk;
  let ticket: Ticket;
  beforeEach(async () => {
    t = await openTestDesk();
    ticket = await openPasswordTicket(t);
    t.sender.clear();
  });
  afterEach(async () => t.close());

  describe("an escalated ticket nobody claimed", () => {
    beforeEach(async () => {
      // Accounts tickets go to the identity experts after one working day without a resolution.
      t.clock.now = paris("2026-11-25T10:00");
      await new SlaSweep(t.desk.ctx, t.desk.tickets).run();
      await t.flush();
    });

    it("shows on its card that it has no owner, with Claim", async () => {
      const card = lastCard(t);
      expect(field(card, "État")).to.equal("escaladé");
      expect(field(card, "Pris par")).to.equal("personne");
      expect(card.actions?.map((a) => a.action)).to.include("ticket.claim");
    });

    it("stays claimable by level 1, and stays with the experts", async () => {
      expect(await press(t, bruno, "ticket.claim", ticket.id)).to.deep.equal({ kind: "done" });
      await t.flush();
      const claimed = await reload(t, ticket.id);
      expect([claimed.status, claimed.level, claimed.assigneeId !== null]).to.deep.equal(["escalated", 2, true]);
      expect(claimed.takenAt?.toISOString()).to.equal(t.clock.now.toISOString());
      expect(field(lastCard(t), "Pris par")).to.equal("Bruno Agent");
      expect(lastCard(t).actions?.map((a) => a.action)).not.to.include("ticket.claim");
      expect(t.sender.last("dm:alice").text).to.match(/^Bruno Agent a pris en charge votre demande\./);
    });
  });

  describe("Assign to…", () => {
    it("offers the configured agents and managers", async () => {
      const outcome = await press(t, bruno, "ticket.assign", ticket.id);
      expect(outcome.kind).to.equal("form");
      if (outcome.kind !== "form") return;
      const options = outcome.form.fields[0].options ?? [];
      expect(options.map((o) => o.label)).to.deep.equal(["Bruno Agent", "Lea Support", "Inès Comptes", "Hugo Postes", "Fabien Logistique", "Marie Directrice (responsable)"]);
      expect(options.map((o) => o.value)).to.deep.equal(["console:bruno", "console:lea", "console:ines", "console:hugo", "console:fabien", "console:marie"]);
    });

    it("lets an agent give their ticket to a colleague, who is told, and tells the requester who has it now", async () => {
      await press(t, bruno, "ticket.claim", ticket.id);
      await t.flush();
      t.sender.clear();
      expect(await assign(t, bruno, ticket.id, "console:lea")).to.deep.equal({ kind: "done" });
      await t.flush();
      const assigned = await reload(t, ticket.id);
      const leaId = assigned.assigneeId;
      expect(t.sender.last("dm:lea").text).to.equal(`Bruno Agent vous a confié le ticket n°${ticket.id} « ${ticket.title} ».`);
      expect(t.sender.viewsIn("dm:bruno")).to.have.length(0);
      expect(t.sender.last("dm:alice").text).to.match(/^Votre demande est désormais suivie par Lea Support\./);
      expect(field(lastCard(t), "Pris par")).to.equal("Lea Support");
      const event = await t.guichet.store.manager.findOneOrFail(TicketEvent, { where: { ticketId: ticket.id, type: "reassigned" } });
      expect(event.data).to.deep.include({ assignee: leaId });
      expect(event.actorId).to.not.equal(null);
    });

    it("refuses an agent who gives away a colleague's ticket", async () => {
      await press(t, bruno, "ticket.claim", ticket.id);
      expect(await assign(t, lea, ticket.id, "console:lea")).to.deep.equal({
        kind: "refused",
        message: "Ce ticket est suivi par Bruno Agent : seul un responsable peut le confier à quelqu'un d'autre.",
      });
    });

    it("lets a manager take a ticket over from an absent agent, who is told", async () => {
      await press(t, bruno, "ticket.claim", ticket.id);
      await t.flush();
      t.sender.clear();
      expect(await assign(t, marie, ticket.id, "console:marie")).to.deep.equal({ kind: "done" });
      await t.flush();
      expect(t.sender.last("dm:bruno").text).to.equal(
        `Le ticket n°${ticket.id} « ${ticket.title} » ne vous est plus attribué : Marie Directrice l'a repris.`,
      );
      expect(t.sender.last("dm:alice").text).to.match(/^Votre demande est désormais suivie par Marie Directrice\./);
      expect(field(lastCard(t), "Pris par")).to.equal("Marie Directrice");
      const events = await t.guichet.store.manager.find(TicketEvent, { where: { ticketId: ticket.id }, order: { id: "ASC" } });
      expect(events.map((e) => e.type)).to.include.members(["claimed", "reassigned"]);
    });

    it("refuses the form to a requester, and a ticket to someone who already has it", async () => {
      expect((await press(t, alice, "ticket.assign", ticket.id)).kind).to.equal("refused");
      await press(t, bruno, "ticket.claim", ticket.id);
      expect(await assign(t, bruno, ticket.id, "console:bruno")).to.deep.equal({ kind: "refused", message: "Bruno Agent a déjà ce ticket." });
      expect(await assign(t, bruno, ticket.id, "console:nadia")).to.deep.equal({ kind: "invalid", errors: { assignee: "Choisissez une des valeurs proposées." } });
    });
  });
});

describe("experts relieving level 1", () => {
  let t: TestDesk;
  afterEach(async () => t.close());

  const openNetworkTicket = (desk: TestDesk) => openPasswordTicket(desk, "le wifi eduroam ne marche pas dans mon bureau");

  it("lets an expert claim and answer a level-1 ticket of their group's category when the desk allows it", async () => {
    const config = loadDeskConfig();
    config.assignment.expertsRelieveLevel1 = true;
    t = await openTestDesk({ config });
    const network = await openNetworkTicket(t);
    expect(network.category).to.equal("network");
    expect(await press(t, nadia, "ticket.claim", network.id)).to.deep.equal({ kind: "done" });
    await t.desk.replyOnTicket(nadia, network.id, "Oubliez le réseau eduroam et reconnectez-vous.");
    await t.flush();
    expect(t.sender.last("dm:alice").quote).to.deep.equal({ author: "Réponse de Nadia Réseau", text: "Oubliez le réseau eduroam et reconnectez-vous." });
    expect((await reload(t, network.id)).firstAnswerAt).to.not.equal(null);
  });

  it("still refuses an expert a ticket of another group's category", async () => {
    const config = loadDeskConfig();
    config.assignment.expertsRelieveLevel1 = true;
    t = await openTestDesk({ config });
    const password = await openPasswordTicket(t);
    expect((await press(t, nadia, "ticket.claim", password.id)).kind).to.equal("refused");
  });

  it("refuses experts by default", async () => {
    t = await openTestDesk();
    const network = await openNetworkTicket(t);
    expect(await press(t, nadia, "ticket.claim", network.id)).to.deep.equal({
      kind: "refused",
      message: "Vous n'avez pas le droit d'utiliser «\u00a0Prendre en charge\u00a0» : c'est réservé au support.",
    });
  });
});

for (const db of [
  { name: "SQLite", options: {} },
  ...(process.env.TEST_DATABASE_URL ? [{ name: "PostgreSQL", options: { databaseUrl: process.env.TEST_DATABASE_URL } }] : []),
]) {
  describe(`concurrent changes of owner on ${db.name}`, () => {
    it("never loses a change of owner when a reassignment and a manager's take-over race: each wins or is told who won", async () => {
      if (db.options.databaseUrl) await emptyPostgres(db.options.databaseUrl);
      const t = await openTestDesk(db.options);
      try {
        const ticket = await openPasswordTicket(t);
        await press(t, bruno, "ticket.claim", ticket.id);
        // On PostgreSQL both read Bruno as the owner and one conditional update finds him gone; SQLite runs them in turn.
        const outcomes = await Promise.all([assign(t, bruno, ticket.id, "console:lea"), assign(t, marie, ticket.id, "console:marie")]);
        const events = await t.guichet.store.manager.find(TicketEvent, { where: { ticketId: ticket.id, type: "reassigned" }, order: { id: "ASC" } });
        expect(events).to.have.length(outcomes.filter((o) => o.kind === "done").length);
        const ownerId = (await reload(t, ticket.id)).assigneeId as number;
        expect(events[events.length - 1].data).to.deep.include({ assignee: ownerId });
        const owner = await t.guichet.store.manager.findOneOrFail(Person, { where: { id: ownerId } });
        // The loser read the ticket before the winner's change (its update then found the owner gone) or after it.
        for (const lost of outcomes.filter((o) => o.kind !== "done")) {
          expect(lost).to.have.property("kind", "refused");
          expect([
            `Ce ticket est déjà pris en charge par ${owner.displayName}.`,
            `Ce ticket est suivi par ${owner.displayName} : seul un responsable peut le confier à quelqu'un d'autre.`,
          ]).to.include((lost as { message: string }).message);
        }
      } finally {
        await t.close();
      }
    });
  });
}
