import { expect } from "chai";
import { openPasswordTicket, reload, ticketButton } from "../../support/desk-scenarios";
import { alice, ben, bruno, dmOf, openTestDesk, type TestDesk } from "../../support/test-desk";
import { paris } from "../sla/calendar-fixtures";

const press = (t: TestDesk, sender: typeof alice, action: string, value: string | number) =>
  t.desk.pressButton({ sender, action, value: String(value) });
const escalate = (t: TestDesk, id: number) =>
  t.desk.submitForm({ sender: bruno, form: "escalate", context: String(id), values: { group: "network" }, place: dmOf("bruno") });

async function at<T>(t: TestDesk, local: string, work: () => Promise<T>): Promise<T> {
  t.clock.now = paris(local);
  const result = await work();
  await t.flush();
  return result;
}

// Tickets opened on Tuesday 24 November 2026 at 10:00 in Paris: the first answer is due at 15:30 the same day (4 working
// hours); a normal ticket's resolution on Friday 27 at 10:00 (3 working days), a high one's on Wednesday 25 at 10:00.
describe("the date promised to the requester", () => {
  let t: TestDesk;
  beforeEach(async () => {
    t = await openTestDesk();
  });
  afterEach(async () => t.close());

  it("is the first-answer target on the receipt, in the requester's language", async () => {
    await t.desk.receiveMessage({ sender: ben, place: dmOf("ben"), text: "I forgot my password" });
    await t.flush();
    await press(t, ben, ticketButton(t, "dm:ben").action, ticketButton(t, "dm:ben").value);
    await t.flush();
    expect(t.sender.last("dm:ben").text).to.contain("You will get an answer or a resolution schedule by Tuesday 24 November at 15:30 at the latest.");
  });

  it("stays the plan's own date when an agent claims the ticket after the first-answer target, never a date counted from the claim", async () => {
    const ticket = await openPasswordTicket(t);
    await at(t, "2026-11-25T15:00", () => press(t, bruno, "ticket.claim", ticket.id));
    expect(t.sender.last("dm:alice").text).to.equal(
      "Bruno Agent a pris en charge votre demande. Une solution est attendue au plus tard vendredi 27 novembre à 10:00.",
    );
  });

  // Critical tickets have 4 working hours for the first answer and for the resolution: Tuesday 15:30 for both.
  it("keeps a critical ticket's date when experts are involved, and says it is not longer", async () => {
    const ticket = await openPasswordTicket(t, "panne générale du wifi eduroam dans tout le bâtiment");
    expect(ticket.priority).to.equal("critical");
    await press(t, bruno, "ticket.claim", ticket.id);
    await at(t, "2026-11-24T11:00", () => escalate(t, ticket.id));
    expect(t.sender.last("dm:alice").text).to.equal(
      "Votre demande est confiée à des experts, sans changer la date prévue : une solution est attendue au plus tard mardi 24 novembre à 15:30.",
    );
  });

  it("moves with a new priority, and the requester is told why in one sentence", async () => {
    const ticket = await openPasswordTicket(t, "la machine à café du troisième fuit sur la moquette");
    await press(t, bruno, "ticket.claim", ticket.id);
    await at(t, "2026-11-24T10:30", () => t.desk.replyOnTicket(bruno, ticket.id, "Nous envoyons quelqu'un."));
    await at(t, "2026-11-24T10:45", () =>
      t.desk.submitForm({ sender: bruno, form: "categorise", context: String(ticket.id), values: { category: "buildings" }, place: dmOf("bruno") }),
    );
    expect(t.sender.last("dm:alice").text).to.equal(
      "La priorité de votre demande est maintenant « haute », ce qui avance la date prévue : une solution est attendue au plus tard mercredi 25 novembre à 10:00.",
    );
  });

  it("says nothing when a new category leaves the date where it was", async () => {
    const ticket = await openPasswordTicket(t, "la machine à café du troisième fuit sur la moquette");
    t.sender.clear();
    await at(t, "2026-11-24T10:45", () =>
      t.desk.submitForm({ sender: bruno, form: "categorise", context: String(ticket.id), values: { category: "printing" }, place: dmOf("bruno") }),
    );
    expect(t.sender.viewsIn("dm:alice")).to.deep.equal([]);
  });

  it("is given again on reopening, the time spent resolved not counted", async () => {
    const ticket = await openPasswordTicket(t);
    await at(t, "2026-11-24T11:00", () =>
      t.desk.submitForm({ sender: bruno, form: "resolve", context: String(ticket.id), values: { resolution: "Mot de passe réinitialisé." }, place: dmOf("bruno") }),
    );
    // Resolved from Tuesday 11:00 to Wednesday 09:00: 330 working minutes push Friday 10:00 to Friday 17:00.
    await at(t, "2026-11-25T09:00", () => press(t, alice, "ticket.reopen", ticket.id));
    expect(t.sender.last("dm:alice").text).to.equal(
      `Le ticket n°${ticket.id} est rouvert : une solution est attendue au plus tard vendredi 27 novembre à 17:00.`,
    );
  });

  it("explains a closure of the service that falls before it, and gives the date that results", async () => {
    t.clock.now = paris("2026-12-23T15:00");
    await openPasswordTicket(t);
    const receipt = t.sender.viewsIn("dm:alice").find((v) => v.kind === "receipt");
    expect(receipt?.text).to.contain(
      "Le service est fermé du jeudi 24 décembre au vendredi 1er janvier : vous aurez une réponse ou un calendrier de résolution au plus tard lundi 4 janvier à 10:00.",
    );
  });
});

describe("a missed target on the card and the Home page", () => {
  let t: TestDesk;
  beforeEach(async () => {
    t = await openTestDesk();
  });
  afterEach(async () => t.close());

  it("shows as overdue by N working hours, never as a date in the past", async () => {
    const ticket = await openPasswordTicket(t);
    // The first answer was due on Tuesday at 15:30: by Wednesday 11:30, 2 + 3 working hours have gone by.
    t.clock.now = paris("2026-11-25T11:30");
    const card = await t.desk.tickets.card(t.guichet.store.manager, await reload(t, ticket.id));
    expect(card.milestones?.lines.find((l) => l.state === "overdue")?.text).to.equal(
      "Première réponse : en retard de 5 h ouvrées (échéance mardi 24 novembre à 15:30)",
    );
    const home = await t.desk.home(bruno);
    const queued = home.sections.find((s) => s.id === "unassigned")?.items.find((i) => i.ticketId === ticket.id);
    expect(queued?.detail).to.equal("Priorité: normale · Échéance: en retard de 5 h ouvrées");
  });
});
