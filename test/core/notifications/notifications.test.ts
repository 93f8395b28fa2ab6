import { expect } from "chai";
import { tellPerson, releaseHeldNotices } from "../../../src/core/notifications/personal-notices";
import { SlaSweep } from "../../../src/core/sla/sla-sweep";
import { HeldNotification } from "../../../src/store/entities/HeldNotification";
import { NotificationPreference } from "../../../src/store/entities/NotificationPreference";
import { Person } from "../../../src/store/entities/Person";
import type { Ticket } from "../../../src/store/entities/Ticket";
import { TicketEvent } from "../../../src/store/entities/TicketEvent";
import { openPasswordTicket, reload } from "../../support/desk-scenarios";
import { logsOf } from "../../support/log-capture";
import { alice, bruno, dmOf, openTestDesk, type TestDesk } from "../../support/test-desk";
import { paris } from "../sla/calendar-fixtures";

async function sweepAt(t: TestDesk, local: string): Promise<void> {
  t.clock.now = paris(local);
  await new SlaSweep(t.desk.ctx, t.desk.tickets).run();
  await t.flush();
}

async function command(t: TestDesk, sender: typeof alice, args: string): Promise<string> {
  const outcome = await t.desk.runCommand(sender, dmOf(sender.id), "notifications", args);
  return outcome.kind === "view" ? String(outcome.view.text) : "";
}

const brunoId = async (t: TestDesk) => (await t.guichet.store.manager.findOneOrFail(Person, { where: { displayName: "Bruno Agent" } })).id;
const dmTo = (t: TestDesk, login: string) => t.sender.viewsIn(`dm:${login}`);

// The password ticket: opened Tuesday 24 November 2026 at 10:00 in Paris; its first-answer reminder falls at 14:30.
describe("notifications people can live with", () => {
  let t: TestDesk;
  let ticket: Ticket;
  beforeEach(async () => {
    t = await openTestDesk();
    ticket = await openPasswordTicket(t);
    t.clock.now = paris("2026-11-24T10:30");
    await t.desk.pressButton({ sender: bruno, action: "ticket.claim", value: String(ticket.id) });
    await t.flush();
    t.sender.clear();
  });
  afterEach(async () => t.close());

  it("reminds the agent who has the ticket personally, with a link to its card", async () => {
    await sweepAt(t, "2026-11-24T14:30");
    const [reminder] = dmTo(t, "bruno");
    expect(reminder.kind).to.equal("sla_alert");
    expect(reminder.text).to.match(/^Bruno Agent : l'échéance de première réponse \(4 h ouvrées\) approche/);
    expect(reminder.links?.map((l) => l.conversation)).to.deep.equal(["triage:desk"]);
  });

  it("holds a reminder outside working hours (quiet hours) and delivers what was held as one summary when work starts", async () => {
    const id = await brunoId(t);
    const view = (n: number) => ({ kind: "sla_alert" as const, lang: "fr" as const, title: `Rappel ${n}`, text: `texte ${n}` });
    t.clock.now = paris("2026-11-24T19:00");
    await t.guichet.store.transaction(async (m) => {
      expect(await tellPerson(m, t.desk.ctx, id, { kind: "reminder", ticketId: ticket.id, view: view(1), dedupeKey: "k1" })).to.equal("held");
      expect(await tellPerson(m, t.desk.ctx, id, { kind: "breach", ticketId: ticket.id, view: view(2), dedupeKey: "k2" })).to.equal("held");
    });
    await t.flush();
    expect(dmTo(t, "bruno")).to.deep.equal([]);
    expect((await t.guichet.store.manager.find(HeldNotification)).map((h) => [h.why, h.releaseAt.toISOString()])).to.deep.equal([
      ["quiet_hours", paris("2026-11-25T08:30").toISOString()],
      ["quiet_hours", paris("2026-11-25T08:30").toISOString()],
    ]);

    await sweepAt(t, "2026-11-25T08:29");
    expect(dmTo(t, "bruno")).to.deep.equal([]);
    await sweepAt(t, "2026-11-25T08:30");
    const summaries = dmTo(t, "bruno");
    expect(summaries.map((v) => [v.title, v.text])).to.deep.equal([["🌙 Pendant votre absence (2)", "• Rappel 1 — texte 1\n• Rappel 2 — texte 2"]]);
    expect(await t.guichet.store.manager.count(HeldNotification)).to.equal(0);
    await t.guichet.store.transaction((m) => releaseHeldNotices(m, t.desk.ctx));
    await t.flush();
    expect(dmTo(t, "bruno")).to.have.length(1);
  });

  it("sends at any hour to someone who turned quiet hours off", async () => {
    expect(await command(t, bruno, "quiet off")).to.contain("Heures calmes : désactivées");
    t.clock.now = paris("2026-11-24T19:00");
    const sent = await t.guichet.store.transaction(async (m) =>
      tellPerson(m, t.desk.ctx, await brunoId(t), { kind: "reminder", ticketId: ticket.id, view: { kind: "sla_alert", lang: "fr", text: "x" }, dedupeKey: "k" }),
    );
    expect(sent).to.equal("sent");
  });

  it("gathers an agent's reminders in a morning digest once they choose it, instead of one message each", async () => {
    expect(await command(t, bruno, "digest on")).to.equal(
      "C’est enregistré.\nHeures calmes : rappels et alertes gardés hors des heures de travail, puis remis en un seul message.\nRappels de vos tickets : un résumé chaque matin.\nQuestionnaires de satisfaction : oui.\nRappels coupés : aucun ticket.",
    );
    await sweepAt(t, "2026-11-24T14:30");
    expect(dmTo(t, "bruno")).to.deep.equal([]);
    await sweepAt(t, "2026-11-25T08:30");
    const [digest] = dmTo(t, "bruno");
    expect(digest.title).to.equal("☀️ Vos rappels du matin (1)");
    expect(digest.text).to.match(/^• ⏰ Ticket n°\d+ · .* — Bruno Agent : l'échéance de première réponse/);
    const stored = await t.guichet.store.manager.findOneOrFail(NotificationPreference, { where: { personId: await brunoId(t) } });
    expect([stored.digest, stored.quietHours, stored.surveys]).to.deep.equal([true, true, true]);
  });

  it("drops the reminders of a ticket the agent muted for themselves, writes it in the ticket's audit log, and shows it on the Home page", async () => {
    expect(await command(t, bruno, `mute ${ticket.id}`)).to.contain(`Vous ne recevrez plus les rappels du ticket n°${ticket.id}.`);
    await sweepAt(t, "2026-11-24T14:30");
    expect(dmTo(t, "bruno")).to.deep.equal([]);
    const event = await t.guichet.store.manager.findOneOrFail(TicketEvent, { where: { ticketId: ticket.id, type: "reminders_muted" } });
    expect(event.actorId).to.equal(await brunoId(t));
    const home = await t.desk.home(bruno);
    expect(home.panels.find((p) => p.id === "notifications")?.lines).to.include(`Rappels coupés : n°${ticket.id}.`);
  });

  it("lets a requester stop survey requests, and refuses them the agents' settings", async () => {
    expect(await command(t, alice, "surveys off")).to.equal("C’est enregistré.\nQuestionnaires de satisfaction : non.");
    const refused = await t.desk.runCommand(alice, dmOf("alice"), "notifications", "digest on");
    expect(refused.kind === "view" && refused.view.text).to.match(/^Ces réglages concernent les rappels des agents/);
    await t.desk.submitForm({ sender: bruno, form: "resolve", context: String(ticket.id), values: { resolution: "Mot de passe réinitialisé." }, place: dmOf("bruno") });
    await t.desk.pressButton({ sender: alice, action: "ticket.close", value: String(ticket.id) });
    await t.flush();
    expect((await reload(t, ticket.id)).status).to.equal("closed");
    expect(dmTo(t, "alice").map((v) => v.kind)).not.to.include("survey");
  });

  it("keeps a requester's choice of no surveys for them (stored, audit-logged, on their Home page), and the automatic closing asks none", async () => {
    const lines = await logsOf("info", () => command(t, alice, "surveys off"));
    const aliceId = (await t.desk.person(alice)).id;
    expect(lines.filter((line) => line.event === "audit.notification_preferences").map((line) => [line.person, line.change])).to.deep.equal([
      [aliceId, { surveys: false }],
    ]);
    const stored = await t.guichet.store.manager.findOneOrFail(NotificationPreference, { where: { personId: aliceId } });
    expect(stored.surveys).to.equal(false);
    const home = await t.desk.home(alice);
    expect(home.panels.find((p) => p.id === "notifications")?.lines).to.deep.equal(["Questionnaires de satisfaction : non."]);

    await t.desk.submitForm({ sender: bruno, form: "resolve", context: String(ticket.id), values: { resolution: "Mot de passe réinitialisé." }, place: dmOf("bruno") });
    await t.flush();
    t.sender.clear();
    // Resolved on Tuesday 24 November at 10:30, unanswered: closed five working days later, told why, asked nothing.
    await sweepAt(t, "2026-12-01T10:30");
    expect((await reload(t, ticket.id)).status).to.equal("closed");
    expect(dmTo(t, "alice").map((v) => v.kind)).to.deep.equal(["notice"]);
  });
});
