import { expect } from "chai";
import { InboundEvent } from "../../../src/store/entities/InboundEvent";
import { Ticket } from "../../../src/store/entities/Ticket";
import { lastButton } from "./support/recorded-messages";
import { dmOf, SlackTestDesk, U } from "./support/slack-test-desk";

describe("Slack channel: acknowledged means stored", function () {
  let t: SlackTestDesk;

  beforeEach(async () => {
    t = await SlackTestDesk.open();
  });

  afterEach(async () => {
    await t.close();
  });

  const question = (ts = t.nextTs()) => ({ type: "message", channel: dmOf(U.alice), channel_type: "im", user: U.alice, text: "mon mot de passe a expiré", ts, event_ts: ts });

  /** A table the database loses for a moment (a failover, a full disk): renamed away, then back. */
  async function withoutTable(table: string, during: () => Promise<void>): Promise<void> {
    await t.guichet.store.transaction((m) => m.query(`ALTER TABLE "${table}" RENAME TO "${table}_away"`));
    try {
      await during();
    } finally {
      await t.guichet.store.transaction((m) => m.query(`ALTER TABLE "${table}_away" RENAME TO "${table}"`));
    }
  }

  it("answers 500 to an event it cannot store, so that Slack sends it again, and handles the retry once", async () => {
    const event = question();
    await withoutTable("inbound_event", async () => {
      const refused = await t.event(event, { eventId: "Ev0NOSTORE" });
      expect(refused.status).to.equal(500);
      await t.settle();
      expect(t.api.posts(dmOf(U.alice)), "nothing done without the event stored").to.have.length(0);
    });
    const retried = await t.event(event, { eventId: "Ev0NOSTORE", retryNum: 1 });
    const again = await t.event(event, { eventId: "Ev0NOSTORE", retryNum: 2 });
    await t.settle();
    expect([retried.status, again.status]).to.deep.equal([200, 200]);
    expect(t.api.posts(dmOf(U.alice), event.ts)).to.have.length(1);
  });

  it("handles an event it acknowledged but could not handle once the database is back", async () => {
    const event = question();
    await withoutTable("processed_event", async () => {
      const answer = await t.event(event, { eventId: "Ev0LATER" });
      expect(answer.status, "stored, so acknowledged").to.equal(200);
      await t.settle();
      expect(t.api.posts(dmOf(U.alice))).to.have.length(0);
    });
    const stored = await t.guichet.store.manager.findOneByOrFail(InboundEvent, { deliveryKey: "event:Ev0LATER" });
    expect([stored.status, stored.attempts]).to.deep.equal(["pending", 1]);

    // Retried after its backoff by the periodic pass; Slack is not asked for anything.
    t.clock.now = new Date(t.clock.now.getTime() + 1000);
    await t.guichet.inbox.recover();
    await t.settle();
    expect(t.api.posts(dmOf(U.alice), event.ts)).to.have.length(1);
    expect((await t.guichet.store.manager.findOneByOrFail(InboundEvent, { deliveryKey: "event:Ev0LATER" })).status).to.equal("done");
  });

  it("acknowledges a button press once it is stored, and creates its ticket once however often Slack delivers it", async () => {
    const ts = await t.dm(U.alice, "mon mot de passe a expiré et je ne peux plus me connecter");
    await t.settle();
    const notSolved = lastButton(t.api, "kb.not_solved", { channel: dmOf(U.alice), threadTs: ts });
    const answers = await Promise.all([1, 2, 3].map(() => t.press(U.alice, notSolved, { triggerId: "7.7.same-press" })));
    await t.settle();
    expect(answers.map((a) => a.status)).to.deep.equal([200, 200, 200]);
    expect(await t.guichet.store.manager.count(Ticket)).to.equal(1);
    expect(await t.guichet.store.manager.countBy(InboundEvent, { deliveryKey: "action:7.7.same-press" })).to.equal(1);
  });
});
