import { expect } from "chai";
import { loadDeskConfig } from "../../../src/config/desk-config";
import { SlaSweep } from "../../../src/core/sla/sla-sweep";
import { HeldNotification } from "../../../src/store/entities/HeldNotification";
import type { Ticket } from "../../../src/store/entities/Ticket";
import { TicketThread } from "../../../src/store/entities/TicketThread";
import { openPasswordTicket } from "../../support/desk-scenarios";
import { bruno, dmOf, marie, openTestDesk, type TestDesk } from "../../support/test-desk";
import { paris } from "../sla/calendar-fixtures";

const sweepAt = async (t: TestDesk, local: string) => {
  t.clock.now = paris(local);
  await new SlaSweep(t.desk.ctx, t.desk.tickets).run();
  await t.flush();
};
const alertsIn = (t: TestDesk, conversation: string) => t.sender.viewsIn(conversation).filter((v) => v.kind === "sla_alert");

// The password ticket is opened on Tuesday 24 November 2026 at 10:00 in Paris: taken in charge within 2 working days
// (Thursday 26 at 10:00), resolved within 3 (Friday 27 at 10:00).
describe("managers told of a missed commitment", () => {
  let t: TestDesk;
  let ticket: Ticket;
  afterEach(async () => t.close());

  describe("with the shipped configuration (one manager, for every team)", () => {
    beforeEach(async () => {
      t = await openTestDesk();
      ticket = await openPasswordTicket(t);
      t.sender.clear();
    });

    it("reports a ticket nobody took in charge in time to the manager, in a DM, and to the management place, once, with its link", async () => {
      await sweepAt(t, "2026-11-26T10:00");
      await sweepAt(t, "2026-11-26T11:00");
      const [dm] = alertsIn(t, "dm:marie");
      expect(alertsIn(t, "dm:marie")).to.have.length(1);
      expect(dm.title).to.equal(`🚨 Engagement non tenu · ticket n°${ticket.id} · ${ticket.title}`);
      expect(dm.text).to.equal(
        "L'engagement de prise en charge (2 jours ouvrés) n'est pas tenu : l'échéance était jeudi 26 novembre à 10:00. Personne ne l'a pris en charge.",
      );
      const triage = await t.guichet.store.manager.findOneOrFail(TicketThread, { where: { ticketId: ticket.id, role: "triage" } });
      expect(dm.links).to.deep.equal([{ label: `Voir le ticket n°${ticket.id}`, platform: "console", conversation: "triage:desk", messageId: triage.thread }]);
      expect(alertsIn(t, "management").map((v) => v.text)).to.deep.equal([dm.text]);
    });

    it("reports a missed resolution target, naming who has the ticket", async () => {
      t.clock.now = paris("2026-11-24T10:30");
      await t.desk.pressButton({ sender: bruno, action: "ticket.claim", value: String(ticket.id) });
      await sweepAt(t, "2026-11-26T10:00");
      expect(alertsIn(t, "dm:marie")).to.deep.equal([]);
      await sweepAt(t, "2026-11-27T10:00");
      expect(alertsIn(t, "dm:marie").map((v) => v.text)).to.deep.equal([
        "L'engagement de résolution (3 jours ouvrés) n'est pas tenu : l'échéance était vendredi 27 novembre à 10:00. Pris par Bruno Agent.",
      ]);
      expect(alertsIn(t, "management")).to.have.length(1);
    });
  });

  describe("outside the manager's working hours", () => {
    beforeEach(async () => {
      t = await openTestDesk();
      ticket = await openPasswordTicket(t);
      // The sweep runs on Wednesday, then stops until Thursday 19:00: the missed taking in charge is found at night.
      await sweepAt(t, "2026-11-25T10:00");
      t.sender.clear();
    });

    it("holds the manager's DM (quiet hours) and delivers it in one summary when their working hours start; the management place is told at once", async () => {
      await sweepAt(t, "2026-11-26T19:00");
      expect(alertsIn(t, "dm:marie")).to.deep.equal([]);
      const [posted] = alertsIn(t, "management");
      expect(posted.title).to.equal(`🚨 Engagement non tenu · ticket n°${ticket.id} · ${ticket.title}`);
      const held = await t.guichet.store.manager.find(HeldNotification);
      expect(held.map((h) => [h.why, h.ticketId, h.releaseAt.toISOString()])).to.deep.equal([["quiet_hours", ticket.id, paris("2026-11-27T08:30").toISOString()]]);

      await sweepAt(t, "2026-11-27T08:29");
      expect(alertsIn(t, "dm:marie")).to.deep.equal([]);
      await sweepAt(t, "2026-11-27T08:30");
      await sweepAt(t, "2026-11-27T08:31");
      const summaries = alertsIn(t, "dm:marie");
      expect(summaries.map((v) => v.title)).to.deep.equal(["🌙 Pendant votre absence (1)"]);
      expect(summaries[0].text).to.equal(`• ${posted.title} — ${posted.text}`);
      expect(await t.guichet.store.manager.count(HeldNotification)).to.equal(0);
    });

    it("tells at once a manager who turned quiet hours off", async () => {
      const outcome = await t.desk.runCommand(marie, dmOf("marie"), "notifications", "quiet off");
      expect(outcome.kind === "view" && outcome.view.text).to.contain("Heures calmes : désactivées");
      await sweepAt(t, "2026-11-26T19:00");
      expect(alertsIn(t, "dm:marie").map((v) => v.title)).to.deep.equal([`🚨 Engagement non tenu · ticket n°${ticket.id} · ${ticket.title}`]);
      expect(await t.guichet.store.manager.count(HeldNotification)).to.equal(0);
    });
  });

  it("goes to the managers of the ticket's team only", async () => {
    const config = loadDeskConfig();
    config.people.find((p) => p.console === "marie")!.manages = ["logistics"];
    config.people.push({ name: "Max Responsable", role: "manager", console: "max", locale: "en", manages: ["desk"], expertGroups: [], slack: [], teams: [] });
    t = await openTestDesk({ config });
    ticket = await openPasswordTicket(t);
    await sweepAt(t, "2026-11-26T10:00");
    expect(alertsIn(t, "dm:marie")).to.deep.equal([]);
    const [toMax] = alertsIn(t, "dm:max");
    expect([toMax.lang, toMax.title]).to.deep.equal(["en", `🚨 Commitment missed · ticket #${ticket.id} · ${ticket.title}`]);
    expect(toMax.text).to.equal("The take-in-charge commitment (2 working days) is missed: it was due on Thursday 26 November at 10:00. Nobody has taken it in charge.");
  });
});
