import { expect } from "chai";
import { Like } from "typeorm";
import type { Delivery } from "../../../src/core/outbox/channel-sender";
import { SlaSweep, type SweepResult } from "../../../src/core/sla/sla-sweep";
import { NoticeRecord } from "../../../src/store/entities/NoticeRecord";
import { Ticket } from "../../../src/store/entities/Ticket";
import { ticketButton } from "../../support/desk-scenarios";
import { alice, ben, dmOf, openTestDesk, persona, type TestDesk } from "../../support/test-desk";
import { paris } from "./calendar-fixtures";

async function sweepAt(t: TestDesk, local: string): Promise<SweepResult> {
  t.clock.now = paris(local);
  const result = await new SlaSweep(t.desk.ctx, t.desk.tickets).run();
  await t.flush();
  return result;
}

const triageAlerts = (t: TestDesk): Delivery[] => t.sender.deliveries.filter((d) => d.view.kind === "sla_alert" && d.conversation === "triage:desk");

/** Each of `count` requesters writes, is not helped, and gets a ticket, at the same time. */
async function openTickets(t: TestDesk, count: number): Promise<Ticket[]> {
  const requesters = [alice, ben, persona("zoe"), persona("yann")].slice(0, count);
  for (const sender of requesters) {
    await t.desk.receiveMessage({ sender, place: dmOf(sender.id), text: "j'ai oublié mon mot de passe et je ne peux plus me connecter" });
    await t.flush();
    await t.desk.pressButton({ sender, ...ticketButton(t, `dm:${sender.id}`) });
    await t.flush();
  }
  return t.guichet.store.manager.find(Ticket, { order: { id: "ASC" } });
}

// Tickets opened on Tuesday 24 November 2026 at 10:00 in Paris: their first-answer reminders fall together at 14:30.
describe("the triage channel's reminders", () => {
  let t: TestDesk;
  beforeEach(async () => {
    t = await openTestDesk();
  });
  afterEach(async () => t.close());

  it("come as one list when many tickets reach the same share of a target at once, each ticket reminded once", async () => {
    const tickets = await openTickets(t, 4);
    t.sender.clear();
    expect(await sweepAt(t, "2026-11-24T14:30")).to.deep.include({ reminders: 4 });
    const alerts = triageAlerts(t);
    expect(alerts).to.have.length(1);
    expect(alerts[0].view.title).to.equal("⏰ 4 tickets atteignent 75\u202f% du délai de première réponse");
    expect(String(alerts[0].view.text).split("\n")).to.deep.equal([
      "Personne n’a encore pris ces tickets\u00a0:",
      ...tickets.map((ticket) => `• n°${ticket.id} · ${ticket.title} — échéance mardi 24 novembre à 15:30`),
    ]);
    expect(await t.guichet.store.manager.count(NoticeRecord, { where: { key: Like("sla:%:first_answer:reminder") } })).to.equal(4);

    await sweepAt(t, "2026-11-24T14:45");
    expect(triageAlerts(t)).to.have.length(1);
  });

  it("stay one message per ticket, with its Claim button, when only a few fall together", async () => {
    const tickets = await openTickets(t, 2);
    t.sender.clear();
    await sweepAt(t, "2026-11-24T14:30");
    expect(triageAlerts(t).map((d) => [d.view.ticketId, d.view.actions?.map((a) => a.action)])).to.deep.equal(
      tickets.map((ticket) => [ticket.id, ["ticket.claim"]]),
    );
  });
});
