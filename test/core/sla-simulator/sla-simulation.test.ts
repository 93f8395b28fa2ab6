import { expect } from "chai";
import { deskConfigSchema, type DeskConfig } from "../../../src/config/desk-config-schema";
import { buildDeskReport } from "../../../src/core/reports/desk-report";
import { BusinessCalendar } from "../../../src/core/sla/business-calendar";
import { SlaRules, replayTicket } from "../../../src/core/sla-simulator/sla-replay";
import { simulateSla, type SlaSimulation } from "../../../src/core/sla-simulator/sla-simulation";
import { readTicketHistories, type TicketHistory } from "../../../src/core/sla-simulator/ticket-history";
import type { Store } from "../../../src/store/data-source";
import { openPasswordTicket } from "../../support/desk-scenarios";
import { alice, bruno, dmOf, openTestDesk } from "../../support/test-desk";
import { TEST_DATABASES } from "../../support/test-store";
import { REPORT_TIME, seedReportWeek, WEEK } from "../reports/report-fixtures";
import { paris } from "../sla/calendar-fixtures";
import { deskConfig, office } from "../sla/sla-fixtures";

/**
 * Candidate rules for the fixture week: taken in charge within 1 h, first answer within 1 h 30, high priority resolved
 * within 2 days, the accounts category escalated after 3 days, and the desk closed on Wednesday 18 November.
 */
export function candidateConfig(): DeskConfig {
  return deskConfigSchema.parse({
    ...deskConfig,
    sla: { ...deskConfig.sla, takeInCharge: "1h", firstAnswer: "1.5h", resolve: { ...deskConfig.sla.resolve, high: "2d" } },
    categories: deskConfig.categories.map((c) => (c.id === "accounts" ? { ...c, escalateAfter: "3d" } : c)),
    calendar: { ...deskConfig.calendar, closures: [...deskConfig.calendar.closures, { from: "2026-11-18", to: "2026-11-18", label: "Formation" }] },
  });
}

async function histories(store: Store): Promise<TicketHistory[]> {
  const all: TicketHistory[] = [];
  for await (const batch of readTicketHistories(store.manager, WEEK.since, WEEK.until)) all.push(...batch);
  return all;
}

const current = new SlaRules(deskConfig, office);
const candidate = () => {
  const config = candidateConfig();
  return new SlaRules(config, new BusinessCalendar(config.calendar));
};

for (const db of TEST_DATABASES) {
  /*
   * Counted by hand on the fixture week (report-fixtures.ts), replayed on Monday 23 at 09:00.
   * Current rules (take 2 d = 900 min, first answer 240, resolution 1 350 normal / 450 high; reminders at 75 %):
   *   #2 first answer: reminder Mon 17:00, breach Mon 17:30; resolution: reminder Tue 10:37:30, breach Tue 14:00;
   *      escalation (network, 4 h) Tue 09:00.
   *   #4 take in charge: reminder Thu 15:15, breach Fri 10:00; first answer: reminder Wed 14:30, breach Wed 15:30;
   *      resolution: reminder Fri 11:52:30, breach Mon 10:00 (after the replay); escalation (accounts, 1 d) Thu 10:00.
   *   → reminders 1 / 2 / 2, breaches 1 / 2 / 1, escalations 2.
   * Candidate rules (take 60, first answer 90, high resolution 900; Wednesday closed; accounts escalated after 3 d):
   *   #1 take reminder 09:45 (taken 10:00, met on the minute); first answer reminder 10:07:30, breach 10:30: missed (120 > 90).
   *   #2 take reminder 14:45, breach 15:00: missed (240 > 60); first answer reminder 15:07:30, breach 15:30;
   *      resolution 210 + 450 (Wednesday closed) = 660 ≤ 900: met; escalation Tue 14:00.
   *   #3 take reminder 09:15 (taken 09:30, met); first answer 60 ≤ 90.
   *   #4 clock starts Thursday 08:30: take reminder 09:15, breach 09:30; first answer reminder 09:37:30, breach 10:00;
   *      resolution 930 ≤ 1 350 running; escalation after 1 350 min: not yet.
   *   #5 take reminder 09:45, before it was merged at 10:00.
   *   → reminders 5 / 3 / 0, breaches 2 / 3 / 0, escalations 1.
   */
  describe(`SLA simulation of the fixture week on ${db.name}`, () => {
    let store: Store;
    let simulation: SlaSimulation;
    before(async () => {
      store = await db.open();
      await seedReportWeek(store);
      simulation = simulateSla(await histories(store), current, candidate(), REPORT_TIME.getTime());
    });
    after(async () => store.close());

    it("replays the five tickets opened in the week", () => {
      expect(simulation.tickets).to.equal(5);
    });

    it("finds with the current rules the commitments the report counts", async () => {
      const report = await buildDeskReport(store.manager, deskConfig, office, WEEK, REPORT_TIME);
      for (const metric of ["acknowledge", "take_in_charge", "first_answer", "resolve"] as const) {
        const { met, missed, pending } = report.sla[metric];
        expect(simulation.current.targets[metric], metric).to.deep.equal({ met, missed, pending });
      }
    });

    it("counts the commitments met with the candidate rules", () => {
      expect(simulation.candidate.targets).to.deep.equal({
        acknowledge: { met: 5, missed: 0, pending: 0 },
        take_in_charge: { met: 2, missed: 2, pending: 0 },
        first_answer: { met: 1, missed: 3, pending: 0 },
        resolve: { met: 3, missed: 0, pending: 1 },
      });
    });

    it("breaks them down by priority on both sides", () => {
      expect(Object.keys(simulation.current.byPriority)).to.deep.equal(["high", "normal"]);
      expect(simulation.current.byPriority.high).to.deep.include({ take_in_charge: { met: 1, missed: 0, pending: 0 }, resolve: { met: 0, missed: 1, pending: 0 } });
      expect(simulation.candidate.byPriority.high).to.deep.include({ take_in_charge: { met: 0, missed: 1, pending: 0 }, resolve: { met: 1, missed: 0, pending: 0 } });
      expect(simulation.candidate.byPriority.normal).to.deep.include({ first_answer: { met: 1, missed: 2, pending: 0 }, resolve: { met: 2, missed: 0, pending: 1 } });
    });

    it("counts the reminders, breaches and automatic escalations the sweep would have sent", () => {
      expect(simulation.current).to.deep.include({
        reminders: { take_in_charge: 1, first_answer: 2, resolve: 2 },
        breaches: { take_in_charge: 1, first_answer: 2, resolve: 1 },
        escalations: 2,
      });
      expect(simulation.candidate).to.deep.include({
        reminders: { take_in_charge: 5, first_answer: 3, resolve: 0 },
        breaches: { take_in_charge: 2, first_answer: 3, resolve: 0 },
        escalations: 1,
      });
      expect([simulation.escalationsGained, simulation.escalationsLost]).to.deep.equal([[], [4]]);
    });

    it("lists the commitments that change from met to missed, and back, with their working times", () => {
      const minutes = (c: { elapsedMs: number; targetMs: number }) => [c.elapsedMs / 60_000, c.targetMs / 60_000];
      expect(simulation.metToMissed.map((c) => [c.ticketId, c.metric, minutes(c.current), minutes(c.candidate)])).to.deep.equal([
        [1, "first_answer", [120, 240], [120, 90]],
        [2, "take_in_charge", [240, 900], [240, 60]],
      ]);
      expect(simulation.missedToMet.map((c) => [c.ticketId, c.metric, minutes(c.current), minutes(c.candidate)])).to.deep.equal([
        [2, "resolve", [750, 450], [660, 900]],
      ]);
    });
  });
}

describe("SLA histories written by the desk", () => {
  it("are read back from the audit log on the desk's clock, waits included", async () => {
    const t = await openTestDesk();
    try {
      const at = async (local: string, work: () => Promise<unknown>) => {
        t.clock.now = paris(local);
        await work();
      };
      const ticket = await openPasswordTicket(t);
      await at("2026-11-24T10:30", () => t.desk.pressButton({ sender: bruno, action: "ticket.claim", value: String(ticket.id) }));
      await at("2026-11-24T11:00", () => t.desk.pressButton({ sender: bruno, action: "ticket.wait", value: String(ticket.id) }));
      await at("2026-11-25T09:00", () => t.desk.replyOnTicket(alice, ticket.id, "toujours pas"));
      await at("2026-11-25T10:00", () => t.desk.submitForm({ sender: bruno, form: "resolve", context: String(ticket.id), values: { resolution: "fait" }, place: dmOf("bruno") }));
      const [history] = (await readTicketHistories(t.guichet.store.manager, paris("2026-11-24T00:00"), paris("2026-11-26T00:00")).next()).value as TicketHistory[];
      expect(history.statuses.map((status, i) => [status, new Date(history.statusAt[i]).toISOString()])).to.deep.equal([
        ["new", "2026-11-24T10:00"], ["new", "2026-11-24T10:00"], ["acknowledged", "2026-11-24T10:00"], ["in_progress", "2026-11-24T10:30"],
        ["waiting_requester", "2026-11-24T11:00"], ["in_progress", "2026-11-25T09:00"], ["resolved", "2026-11-25T10:00"],
      ].map(([status, local]) => [status, paris(local).toISOString()]));
      // An hour of work before the wait (Tuesday 11:00 to Wednesday 09:00, left out), an hour after it.
      expect(replayTicket(history, current, paris("2026-11-25T12:00").getTime()).metrics.resolve.elapsedMs / 60_000).to.equal(120);
    } finally {
      await t.close();
    }
  });
});

describe("SLA replay of one ticket", () => {
  const history = (changes: Partial<TicketHistory> = {}): TicketHistory => ({
    id: 9, category: "accounts", priority: "normal", createdAt: paris("2026-11-24T10:00").getTime(),
    acknowledgedAt: paris("2026-11-24T10:00").getTime(), takenAt: null, firstAnswerAt: null, resolvedAt: null,
    statusAt: [paris("2026-11-24T10:00").getTime()], statuses: ["acknowledged"], manualEscalationAt: null, ...changes,
  });
  const at = (local: string) => paris(local).getTime();

  it("measures a wait for the requester on the replayed calendar, not the stored paused seconds", () => {
    // Waiting from Tue 11:00 to Wed 11:00 (450 working minutes); resolved Wed 12:00: 60 + 60 minutes of work.
    const waited = history({
      takenAt: at("2026-11-24T10:30"), firstAnswerAt: at("2026-11-24T10:30"), resolvedAt: at("2026-11-25T12:00"),
      statusAt: [at("2026-11-24T10:00"), at("2026-11-24T10:30"), at("2026-11-24T11:00"), at("2026-11-25T11:00"), at("2026-11-25T12:00")],
      statuses: ["acknowledged", "in_progress", "waiting_requester", "in_progress", "resolved"],
    });
    expect(replayTicket(waited, current, at("2026-11-30T09:00")).metrics.resolve.elapsedMs / 60_000).to.equal(120);
    // Closed on the Wednesday, the desk counts only Tuesday's hour before the wait.
    const closedWednesday = deskConfigSchema.parse({
      ...deskConfig, calendar: { ...deskConfig.calendar, closures: [{ from: "2026-11-25", to: "2026-11-25", label: "x" }] },
    });
    const rules = new SlaRules(closedWednesday, new BusinessCalendar(closedWednesday.calendar));
    expect(replayTicket(waited, rules, at("2026-11-30T09:00")).metrics.resolve.elapsedMs / 60_000).to.equal(60);
  });

  it("owes no automatic escalation once a person escalated, and owes it when the job did", () => {
    const escalatedAt = at("2026-11-24T16:00");
    const moves = { statusAt: [at("2026-11-24T10:00"), escalatedAt], statuses: ["acknowledged", "escalated"] as TicketHistory["statuses"] };
    // accounts: escalation after 1 working day, Wednesday 10:00.
    expect(replayTicket(history({ ...moves, manualEscalationAt: escalatedAt }), current, at("2026-11-30T09:00")).escalated).to.equal(false);
    expect(replayTicket(history(moves), current, at("2026-11-30T09:00")).escalated).to.equal(true);
    expect(replayTicket(history(moves), current, at("2026-11-25T09:59")).escalated).to.equal(false);
  });

  it("sends no reminder for a commitment met before it, and nothing for a ticket merged before its clocks ran out", () => {
    const answered = replayTicket(history({ firstAnswerAt: at("2026-11-24T12:00") }), current, at("2026-11-30T09:00"));
    expect(answered.metrics.first_answer).to.deep.include({ outcome: "met", reminder: false, breach: false });
    const merged = replayTicket(history({ statusAt: [at("2026-11-24T10:00"), at("2026-11-24T11:00")], statuses: ["acknowledged", "closed"] }), current, at("2026-11-30T09:00"));
    expect(merged.metrics.first_answer).to.deep.include({ outcome: null, reminder: false, breach: false });
    expect(merged.escalated).to.equal(false);
  });
});
