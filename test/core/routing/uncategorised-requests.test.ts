import { expect } from "chai";
import { SlaSweep } from "../../../src/core/sla/sla-sweep";
import { Ticket } from "../../../src/store/entities/Ticket";
import { TicketEvent } from "../../../src/store/entities/TicketEvent";
import { openPasswordTicket, reload } from "../../support/desk-scenarios";
import { alice, bruno, dmOf, openTestDesk, type TestDesk } from "../../support/test-desk";
import { paris } from "../sla/calendar-fixtures";

const press = (t: TestDesk, sender: typeof alice, action: string, value: string | number) =>
  t.desk.pressButton({ sender, action, value: String(value) });
const lastCard = (t: TestDesk) => t.sender.deliveries.filter((d) => d.conversation === "triage:desk" && d.view.kind === "ticket_card").at(-1)!.view;
const field = (view: { fields?: Array<{ label: string; value: string }> }, label: string) => view.fields?.find((f) => f.label === label)?.value;
const sweepAt = async (t: TestDesk, local: string) => {
  t.clock.now = paris(local);
  await new SlaSweep(t.desk.ctx, t.desk.tickets).run();
  await t.flush();
};

describe("a request that matches no category", () => {
  let t: TestDesk;
  let ticket: Ticket;
  beforeEach(async () => {
    t = await openTestDesk();
    ticket = await openPasswordTicket(t, "la machine à café du troisième fuit sur la moquette");
  });
  afterEach(async () => t.close());

  it("goes to the default team's triage as uncategorised, with Categorise, instead of a wrong guess", async () => {
    expect([ticket.category, ticket.team, ticket.priority]).to.deep.equal(["uncategorised", "desk", "normal"]);
    const card = lastCard(t);
    expect(field(card, "Catégorie")).to.equal("non classée");
    expect(card.actions?.map((a) => a.action)).to.include("ticket.categorise");
  });

  it("is never escalated automatically", async () => {
    await sweepAt(t, "2026-12-04T17:00");
    const later = await reload(t, ticket.id);
    expect([later.level, later.expertGroup, later.status]).to.deep.equal([1, null, "acknowledged"]);
    expect(t.sender.deliveries.filter((d) => d.conversation.startsWith("experts:"))).to.deep.equal([]);
  });

  it("takes the expert group, priority and escalation delay of the category level 1 gives it", async () => {
    const outcome = await press(t, bruno, "ticket.categorise", ticket.id);
    expect(outcome.kind).to.equal("form");
    if (outcome.kind !== "form") return;
    expect(outcome.form.fields[0].options?.map((o) => o.value)).to.include.members(["buildings", "network", "accounts"]);
    expect(await t.desk.submitForm({ sender: bruno, form: "categorise", context: String(ticket.id), values: { category: "buildings" }, place: dmOf("bruno") }))
      .to.deep.equal({ kind: "done" });
    await t.flush();
    const categorised = await reload(t, ticket.id);
    // Buildings tickets are high priority and go to the facilities experts after one working day.
    expect([categorised.category, categorised.priority]).to.deep.equal(["buildings", "high"]);
    expect(field(lastCard(t), "Catégorie")).to.equal("Bâtiments et accès");
    expect(lastCard(t).actions?.map((a) => a.action)).not.to.include("ticket.categorise");
    const event = await t.guichet.store.manager.findOneOrFail(TicketEvent, { where: { ticketId: ticket.id, type: "categorised" } });
    expect(event.data).to.deep.include({ from: "uncategorised", to: "buildings" });
    await sweepAt(t, "2026-11-25T10:00");
    expect((await reload(t, ticket.id)).expertGroup).to.equal("facilities");
  });

  it("refuses Categorise to a requester", async () => {
    expect(await press(t, alice, "ticket.categorise", ticket.id)).to.deep.equal({
      kind: "refused", message: "Vous n'avez pas le droit d'utiliser «\u00a0Classer\u00a0» : c'est réservé au support.",
    });
  });
});

describe("a request the desk does not handle", () => {
  let t: TestDesk;
  beforeEach(async () => {
    t = await openTestDesk();
  });
  afterEach(async () => t.close());

  it("is sent to the place configured for it, with a ticket still one press away", async () => {
    await t.desk.receiveMessage({ sender: alice, place: dmOf("alice"), text: "je voudrais mon relevé de notes de l'an dernier" });
    await t.flush();
    const answer = t.sender.last("dm:alice");
    expect(answer.kind).to.equal("notice");
    expect(answer.text).to.match(/^Les diplômes et relevés de notes sont gérés par la scolarité de votre composante, sur le helpdesk : https:\/\/helpdesk/);
    expect(answer.actions?.map((a) => a.label)).to.deep.equal(["Ouvrir quand même un ticket", "Laisser tomber"]);
    expect(await t.guichet.store.manager.count(Ticket)).to.equal(0);
    await press(t, alice, "kb.open_ticket", answer.actions![0].value);
    expect(await t.guichet.store.manager.count(Ticket)).to.equal(1);
  });

  it("answers in English to an English request", async () => {
    await t.desk.receiveMessage({ sender: alice, place: dmOf("alice"), text: "where do I submit my travel expenses from the conference?" });
    await t.flush();
    expect(t.sender.last("dm:alice").text).to.equal("Missions and travel expenses stay on the helpdesk: https://helpdesk.univ-exemple.fr (missions).");
  });
});
