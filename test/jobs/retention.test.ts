import { expect } from "chai";
import { startJobs, type RunningJobs } from "../../src/jobs";
import { OutboxMessage } from "../../src/store/entities/OutboxMessage";
import { ProcessedEvent } from "../../src/store/entities/ProcessedEvent";
import { emptyPostgres } from "../support/test-store";
import { alice, dmOf, openTestDesk, type TestDesk } from "../support/test-desk";

const DAY = 24 * 3600_000;

const databases = [
  { name: "SQLite", options: {} },
  ...(process.env.TEST_DATABASE_URL ? [{ name: "PostgreSQL", options: { databaseUrl: process.env.TEST_DATABASE_URL } }] : []),
];

for (const db of databases) {
  describe(`retention of processed events and delivered messages on ${db.name}`, () => {
    let t: TestDesk;
    let jobs: RunningJobs | null = null;
    beforeEach(async () => {
      if (db.options.databaseUrl) await emptyPostgres(db.options.databaseUrl);
      t = await openTestDesk(db.options);
    });
    afterEach(async () => {
      await jobs?.stop();
      jobs = null;
      await t.close();
    });

    const advance = (ms: number) => {
      t.clock.now = new Date(t.clock.now.getTime() + ms);
    };
    /** Alice writes (one processed event, one answer delivered) on the desk's clock. */
    const conversation = async (eventId: string) => {
      await t.desk.receiveMessage({ eventId, sender: alice, place: dmOf("alice"), text: "j'ai oublié mon mot de passe" });
      await t.flush();
    };
    const eventIds = async () => (await t.guichet.store.manager.find(ProcessedEvent, { order: { eventId: "ASC" } })).map((e) => e.eventId);
    const messages = async () => (await t.guichet.store.manager.find(OutboxMessage, { order: { id: "ASC" } })).map((m) => [m.conversation, m.status]);

    it("deletes the event ids and delivered messages older than 30 days, nightly, and keeps the rest", async () => {
      await conversation("Ev-old");
      // A message given up on stays for an operator, however old.
      t.sender.failWith = new Error("never");
      await t.desk.receiveMessage({ sender: alice, place: dmOf("alice"), text: "toujours rien" });
      await t.guichet.outbox.drain();
      t.sender.failWith = null;
      await t.guichet.store.manager.update(OutboxMessage, { status: "pending" }, { status: "failed" });
      advance(20 * DAY);
      await conversation("Ev-recent");
      advance(11 * DAY);

      jobs = await startJobs(t.guichet);
      await jobs.ready;
      expect([jobs.tasks.retention.name, jobs.tasks.retention.getPattern()]).to.deep.equal(["guichet-retention", "30 3 * * *"]);
      expect(await eventIds(), "pruned at start already").to.deep.equal(["Ev-recent"]);
      expect(await messages()).to.deep.equal([["dm:alice", "failed"], ["dm:alice", "sent"]]);

      advance(20 * DAY);
      expect(await jobs.prune()).to.deep.equal({ processedEvents: 1, sentMessages: 1 });
      expect([await eventIds(), await messages()]).to.deep.equal([[], [["dm:alice", "failed"]]]);
    });

    it("deletes a long backlog batch after batch until none is left", async () => {
      const old = new Date(t.clock.now.getTime() - 40 * DAY);
      const rows = Array.from({ length: 2345 }, (_, i) => ({ platform: "slack", eventId: `Ev-${i}`, receivedAt: old }));
      for (let i = 0; i < rows.length; i += 500) await t.guichet.store.manager.insert(ProcessedEvent, rows.slice(i, i + 500));
      jobs = await startJobs(t.guichet);
      await jobs.ready;
      expect(await t.guichet.store.manager.count(ProcessedEvent)).to.equal(0);
    });

    it("keeps them as long as configured, and prunes once when two instances run at the same moment", async () => {
      for (let i = 0; i < 5; i++) await conversation(`Ev-${i}`);
      advance(8 * DAY);
      t.guichet.retention.sentMessagesDays = 7;
      jobs = await startJobs(t.guichet);
      await jobs.ready;
      expect([(await eventIds()).length, (await messages()).length], "the ids are kept 30 days, the messages 7").to.deep.equal([5, 0]);
      advance(30 * DAY);
      const results = await Promise.all([jobs.prune(), jobs.prune()]);
      expect(results.reduce((sum, r) => sum + r.processedEvents, 0)).to.equal(5);
      expect(await eventIds()).to.deep.equal([]);
    });
  });
}
