import { expect } from "chai";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Like } from "typeorm";
import type { Delivery } from "../../../src/core/outbox/channel-sender";
import { SlaSweep, type SweepResult } from "../../../src/core/sla/sla-sweep";
import { NoticeRecord } from "../../../src/store/entities/NoticeRecord";
import { OutboxMessage } from "../../../src/store/entities/OutboxMessage";
import type { Ticket } from "../../../src/store/entities/Ticket";
import { TicketEvent } from "../../../src/store/entities/TicketEvent";
import { DatabaseRunCoordinator } from "../../../src/jobs/run-coordinator";
import { openPasswordTicket, reload } from "../../support/desk-scenarios";
import { emptyPostgres } from "../../support/test-store";
import { alice, bruno, dmOf, openTestDesk, type TestDesk } from "../../support/test-desk";
import { inParis, paris } from "./calendar-fixtures";
import { shortBusyTimeout } from "./sla-fixtures";

/** Sets the desk's clock to a Paris wall-clock time, sweeps, and lets the outbox deliver. */
async function sweepAt(t: TestDesk, local: string): Promise<SweepResult> {
  t.clock.now = paris(local);
  const result = await new SlaSweep(t.desk.ctx, t.desk.tickets).run();
  await t.flush();
  return result;
}

const alerts = (t: TestDesk): Delivery[] => t.sender.deliveries.filter((d) => d.view.kind === "sla_alert");
const press = (t: TestDesk, sender: typeof alice, action: string, id: number) => t.desk.pressButton({ sender, action, value: String(id) });

async function at<T>(t: TestDesk, local: string, work: () => Promise<T>): Promise<T> {
  t.clock.now = paris(local);
  const result = await work();
  await t.flush();
  return result;
}

// The password ticket is opened on Tuesday 24 November 2026 at 10:00 in Paris, category accounts (escalation to
// the identity experts after 1 working day), priority normal. See sla-fixtures.ts for its deadlines.
describe("SLA sweep", () => {
  let t: TestDesk;
  let ticket: Ticket;
  beforeEach(async () => {
    t = await openTestDesk();
    ticket = await openPasswordTicket(t);
    t.sender.clear();
  });
  afterEach(async () => t.close());

  it("stores the next instant to look at when the ticket is opened: the first-answer reminder", async () => {
    expect(inParis((await reload(t, ticket.id)).slaDueAt as Date)).to.equal("Tue 2026-11-24 14:30 +01:00");
  });

  it("does nothing before that instant", async () => {
    expect(await sweepAt(t, "2026-11-24T14:29")).to.deep.include({ examined: 0, reminders: 0 });
    expect(alerts(t)).to.deep.equal([]);
  });

  it("posts the reminder in the triage channel, with a Claim button, when nobody has the ticket", async () => {
    expect(await sweepAt(t, "2026-11-24T14:30")).to.deep.include({ examined: 1, reminders: 1, breaches: 0 });
    const [reminder] = alerts(t);
    expect([reminder.conversation, reminder.thread]).to.deep.equal(["triage:desk", null]);
    expect(reminder.view.text).to.equal(
      "Personne n'a pris ce ticket : l'échéance de première réponse (4 h ouvrées) approche, elle tombe mardi 24 novembre à 15:30.",
    );
    expect(reminder.view.actions?.map((a) => [a.action, a.value])).to.deep.equal([["ticket.claim", String(ticket.id)]]);
    expect(inParis((await reload(t, ticket.id)).slaDueAt as Date)).to.equal("Tue 2026-11-24 15:30 +01:00");
  });

  it("reminds the assignee personally, in their direct chat with the desk", async () => {
    await at(t, "2026-11-24T10:30", () => press(t, bruno, "ticket.claim", ticket.id));
    await sweepAt(t, "2026-11-24T14:30");
    const [reminder] = alerts(t);
    expect(reminder.conversation).to.equal("dm:bruno");
    expect(reminder.thread).to.equal(null);
    expect(reminder.view.text).to.match(/^Bruno Agent : l'échéance de première réponse \(4 h ouvrées\) approche/);
    expect(reminder.view.actions).to.equal(undefined);
  });

  it("posts a missed target once to the triage channel, however often the sweep runs", async () => {
    await sweepAt(t, "2026-11-24T15:30");
    await sweepAt(t, "2026-11-24T15:31");
    await sweepAt(t, "2026-11-24T17:00");
    const breaches = alerts(t);
    expect(breaches).to.have.length(1);
    expect(breaches[0].view.title).to.match(/^🚨 Échéance dépassée · ticket n°\d+/);
    expect(breaches[0].view.text).to.equal(
      "L'engagement de première réponse (4 h ouvrées) n'est pas tenu : l'échéance était mardi 24 novembre à 15:30. Personne ne l'a pris en charge.",
    );
    // The reminder fell due in the same sweep as the breach: only the breach is sent.
    expect(await t.guichet.store.manager.count(NoticeRecord, { where: { ticketId: ticket.id } })).to.equal(1);
  });

  it("stops reminding about the first answer once the agent has answered", async () => {
    await at(t, "2026-11-24T10:30", () => press(t, bruno, "ticket.claim", ticket.id));
    await at(t, "2026-11-24T11:00", () => t.desk.replyOnTicket(bruno, ticket.id, "Avez-vous essayé la réinitialisation en ligne ?"));
    await sweepAt(t, "2026-11-24T17:00");
    expect(alerts(t)).to.deep.equal([]);
    expect(inParis((await reload(t, ticket.id)).slaDueAt as Date)).to.equal("Wed 2026-11-25 10:00 +01:00");
  });

  describe("automatic escalation", () => {
    it("calls the category's expert group when level 1 has not resolved in time, and tells everyone", async () => {
      await sweepAt(t, "2026-11-24T15:30");
      t.sender.clear();
      expect(await sweepAt(t, "2026-11-25T10:00")).to.deep.include({ escalations: 1 });
      const escalated = await reload(t, ticket.id);
      expect([escalated.status, escalated.level, escalated.expertGroup, escalated.assigneeId]).to.deep.equal(["escalated", 2, "identity", null]);
      const event = await t.guichet.store.manager.findOneOrFail(TicketEvent, { where: { ticketId: ticket.id, type: "escalate" } });
      expect(event.actorId).to.equal(null);
      expect(t.sender.last("experts:identity").text).to.match(/^Le niveau 1 n'a pas résolu ce ticket en 1 jour ouvré : il vous est confié automatiquement\./);
      // The first answer was missed on Tuesday: what stands is the resolution target, which the experts do not move.
      expect(t.sender.last("dm:alice").text).to.equal(
        "Votre demande est confiée à des experts, sans changer la date prévue : une solution est attendue au plus tard vendredi 27 novembre à 10:00.",
      );
      const note = alerts(t).find((d) => d.thread !== null);
      expect(note?.view.text).to.equal("Escaladé automatiquement vers les experts Annuaire et identités : le niveau 1 ne l'a pas résolu en 1 jour ouvré.");
    });

    it("waits for the opening to call the experts when the sweep finds it owed at night, so the requester is not messaged then", async () => {
      // guichet was stopped from Wednesday morning: its first sweep, at 22:00, finds the escalation owed since 10:00.
      expect(await sweepAt(t, "2026-11-25T22:00")).to.deep.include({ escalations: 0 });
      const waiting = await reload(t, ticket.id);
      expect([waiting.level, inParis(waiting.slaDueAt as Date)]).to.deep.equal([1, "Thu 2026-11-26 08:30 +01:00"]);
      expect(t.sender.viewsIn("dm:alice")).to.deep.equal([]);
      expect(await sweepAt(t, "2026-11-26T08:30")).to.deep.include({ escalations: 1 });
      expect((await reload(t, ticket.id)).level).to.equal(2);
      expect(t.sender.viewsIn("dm:alice").map((v) => v.text)).to.deep.equal([
        "Votre demande est confiée à des experts, sans changer la date prévue : une solution est attendue au plus tard vendredi 27 novembre à 10:00.",
      ]);
    });

    it("does not call the experts while the ticket waits for the requester, and counts the wait out", async () => {
      await at(t, "2026-11-24T10:30", () => press(t, bruno, "ticket.claim", ticket.id));
      await at(t, "2026-11-24T10:30", () => t.desk.replyOnTicket(bruno, ticket.id, "Depuis quand ?"));
      await at(t, "2026-11-24T11:00", () => press(t, bruno, "ticket.wait", ticket.id));
      expect((await reload(t, ticket.id)).slaDueAt).to.equal(null);
      await sweepAt(t, "2026-11-25T10:00");
      expect((await reload(t, ticket.id)).level).to.equal(1);
      // The requester answers on Wednesday 10:00: 390 working minutes of waiting push the escalation to Thursday 09:00.
      await at(t, "2026-11-25T10:00", () => t.desk.replyOnTicket(alice, ticket.id, "Depuis lundi."));
      const resumed = await reload(t, ticket.id);
      expect(resumed.pausedSeconds).to.equal(390 * 60);
      expect(inParis(resumed.slaDueAt as Date)).to.equal("Thu 2026-11-26 09:00 +01:00");
      await sweepAt(t, "2026-11-26T08:59");
      expect((await reload(t, ticket.id)).level).to.equal(1);
      await sweepAt(t, "2026-11-26T09:00");
      expect((await reload(t, ticket.id)).level).to.equal(2);
    });
  });

  describe("automatic closing", () => {
    beforeEach(async () => {
      await at(t, "2026-11-24T11:00", () =>
        t.desk.submitForm({ sender: bruno, form: "resolve", context: String(ticket.id), values: { resolution: "Mot de passe réinitialisé." }, place: dmOf("bruno") }),
      );
      t.sender.clear();
    });

    it("closes a resolved ticket five working days after the resolution, then sends the survey", async () => {
      expect(inParis((await reload(t, ticket.id)).slaDueAt as Date)).to.equal("Tue 2026-12-01 11:00 +01:00");
      await sweepAt(t, "2026-12-01T10:59");
      expect((await reload(t, ticket.id)).status).to.equal("resolved");
      expect(await sweepAt(t, "2026-12-01T11:00")).to.deep.include({ closings: 1 });
      const closed = await reload(t, ticket.id);
      expect([closed.status, closed.closedAt?.toISOString(), closed.slaDueAt]).to.deep.equal(["closed", paris("2026-12-01T11:00").toISOString(), null]);
      const toAlice = t.sender.viewsIn("dm:alice");
      expect(toAlice.map((v) => v.kind)).to.deep.equal(["notice", "survey"]);
      expect(toAlice[0].text).to.equal("Sans nouvelle de votre part 5 jours ouvrés après la résolution, le ticket est clos. Si le problème revient, écrivez-moi.");
      expect(toAlice[1].actions?.map((a) => a.label)).to.deep.equal(["1", "2", "3", "4", "5"]);
      await sweepAt(t, "2026-12-02T11:00");
      expect(t.sender.viewsIn("dm:alice")).to.have.length(2);
    });

    it("waits for the opening to close a ticket found owed at night, so the requester is not messaged then", async () => {
      // guichet was stopped all Tuesday: its first sweep, at 22:00, finds the closing owed since 11:00.
      expect(await sweepAt(t, "2026-12-01T22:00")).to.deep.include({ closings: 0 });
      const waiting = await reload(t, ticket.id);
      expect([waiting.status, inParis(waiting.slaDueAt as Date)]).to.deep.equal(["resolved", "Wed 2026-12-02 08:30 +01:00"]);
      expect(t.sender.viewsIn("dm:alice")).to.deep.equal([]);
      expect(await sweepAt(t, "2026-12-02T08:30")).to.deep.include({ closings: 1 });
      expect(t.sender.viewsIn("dm:alice").map((v) => v.kind)).to.deep.equal(["notice", "survey"]);
    });

    it("leaves alone a ticket the requester reopened, and does not count the time it spent resolved", async () => {
      await at(t, "2026-11-25T09:00", () => press(t, alice, "ticket.reopen", ticket.id));
      // Resolved from Tuesday 11:00 to Wednesday 09:00: 60 + 240 + 30 working minutes.
      expect((await reload(t, ticket.id)).pausedSeconds).to.equal(330 * 60);
      await sweepAt(t, "2026-12-01T11:00");
      expect((await reload(t, ticket.id)).status).to.not.equal("closed");
    });
  });
});

const databases = [
  { name: "SQLite", options: () => ({ sqliteFile: path.join(mkdtempSync(path.join(tmpdir(), "guichet-sla-")), "desk.sqlite") }) },
  ...(process.env.TEST_DATABASE_URL ? [{ name: "PostgreSQL", options: () => ({ databaseUrl: process.env.TEST_DATABASE_URL as string }) }] : []),
];

for (const db of databases) {
  describe(`SLA notices on ${db.name}`, () => {
    let options: { sqliteFile?: string; databaseUrl?: string };
    const opened: TestDesk[] = [];
    const open = async () => {
      const t = await openTestDesk(options);
      opened.push(t);
      return t;
    };
    beforeEach(async () => {
      options = db.options();
      if (options.databaseUrl) await emptyPostgres(options.databaseUrl);
    });
    afterEach(async () => {
      for (const t of opened.splice(0)) await t.close().catch(() => undefined);
    });

    const reminderRows = (t: TestDesk) => t.guichet.store.manager.count(OutboxMessage, { where: { dedupeKey: Like("sla:%:first_answer:reminder%") } });

    it("are sent once across a restart, even when the first instance stopped before delivering them", async () => {
      const first = await open();
      const ticket = await openPasswordTicket(first);
      first.sender.failWith = new Error("Slack is down");
      first.clock.now = paris("2026-11-24T14:30");
      expect(await new SlaSweep(first.desk.ctx, first.desk.tickets).run()).to.deep.include({ reminders: 1 });
      await first.close();
      opened.splice(opened.indexOf(first), 1);

      const second = await open();
      expect(await sweepAt(second, "2026-11-24T14:30")).to.deep.include({ reminders: 0 });
      expect(alerts(second)).to.have.length(1);
      expect(await reminderRows(second)).to.equal(1);
      expect(await sweepAt(second, "2026-11-24T15:30")).to.deep.include({ breaches: 1 });
      expect(await second.guichet.store.manager.count(NoticeRecord, { where: { ticketId: ticket.id } })).to.equal(2);
    });

    it("are sent once when two instances sweep at the same time (a lost lease)", async () => {
      const a = await open();
      const b = await open();
      shortBusyTimeout(a.guichet.store);
      shortBusyTimeout(b.guichet.store);
      const tickets = [await openPasswordTicket(a), await openPasswordTicket(a, "mon imprimante n'imprime plus rien depuis ce matin")];
      for (const t of [a, b]) t.clock.now = paris("2026-11-24T14:30");
      const results = await Promise.all([a, b].map((t) => new SlaSweep(t.desk.ctx, t.desk.tickets).run()));
      // The loser of a race leaves its ticket due; the next sweeps find nothing more to send.
      await Promise.all([a, b].map((t) => new SlaSweep(t.desk.ctx, t.desk.tickets).run()));
      expect(results.reduce((sum, r) => sum + r.reminders, 0)).to.equal(2);
      for (const ticket of tickets) {
        expect(await a.guichet.store.manager.count(NoticeRecord, { where: { ticketId: ticket.id } })).to.equal(1);
      }
      expect(await reminderRows(a)).to.equal(2);
    });

    it("are swept by one of two instances for each fire, elected by the lease row", async () => {
      const a = await open();
      const b = await open();
      shortBusyTimeout(a.guichet.store);
      shortBusyTimeout(b.guichet.store);
      await openPasswordTicket(a);
      for (const t of [a, b]) t.clock.now = paris("2026-11-24T14:30");
      const key = `guichet-sla-sweep:${paris("2026-11-24T14:30").toISOString()}`;
      // What node-cron does for a `distributed` task on each instance at each fire.
      const fire = async (t: TestDesk) => {
        const coordinator = new DatabaseRunCoordinator(t.guichet.store, t.desk.ctx.now);
        const elected = await coordinator.shouldRun(key, 60_000).catch(() => false);
        return elected ? new SlaSweep(t.desk.ctx, t.desk.tickets).run() : null;
      };
      const results = await Promise.all([fire(a), fire(b)]);
      expect(results.filter((r) => r !== null)).to.have.length(1);
      expect(results.find((r) => r !== null)).to.deep.include({ reminders: 1 });
      expect(await reminderRows(a)).to.equal(1);
    });
  });
}
