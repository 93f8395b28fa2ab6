import { expect } from "chai";
import { DeliveryError } from "../../../src/core/outbox/channel-sender";
import { enqueueOutbound } from "../../../src/core/outbox/outbox";
import { OutboxDispatcher } from "../../../src/core/outbox/outbox-dispatcher";
import { addThread } from "../../../src/core/tickets/ticket-threads";
import type { Store } from "../../../src/store/data-source";
import { OutboxMessage } from "../../../src/store/entities/OutboxMessage";
import { TicketThread } from "../../../src/store/entities/TicketThread";
import { RecordingSender } from "../../support/recording-sender";
import { TEST_DATABASES } from "../../support/test-store";

const view = (text: string) => ({ kind: "notice" as const, lang: "fr" as const, text });

for (const db of TEST_DATABASES) {
  describe(`outbox on ${db.name}`, () => {
    let store: Store;
    let clock: { now: Date };
    let sender: RecordingSender;
    let dispatcher: OutboxDispatcher;

    beforeEach(async () => {
      store = await db.open();
      clock = { now: new Date("2026-11-24T09:00:00Z") };
      sender = new RecordingSender("console");
      dispatcher = new OutboxDispatcher(store, { now: () => clock.now, maxAttempts: 3 });
      dispatcher.register(sender);
    });
    afterEach(async () => store.close());

    it("keeps nothing that was enqueued in a transaction that rolled back", async () => {
      await store.transaction(async (m) => {
        await enqueueOutbound(m, [{ platform: "console", conversation: "dm:a", view: view("lost") }]);
        throw new Error("rollback");
      }).catch(() => undefined);
      expect(await store.manager.count(OutboxMessage)).to.equal(0);
    });

    it("sends a message with a dedupe key only once", async () => {
      await store.transaction((m) => enqueueOutbound(m, [{ platform: "console", conversation: "dm:a", view: view("once"), dedupeKey: "k1" }]));
      await store.transaction((m) => enqueueOutbound(m, [{ platform: "console", conversation: "dm:a", view: view("once"), dedupeKey: "k1" }]));
      await dispatcher.drain();
      expect(sender.deliveries.map((d) => d.view.text)).to.deep.equal(["once"]);
    });

    it("makes a thread's first post its root, then posts under it and updates it", async () => {
      const thread = await store.transaction(async (m) => {
        const created = await addThread(m, 1, "triage", { platform: "console", conversation: "triage:desk" });
        await enqueueOutbound(m, [
          { platform: "console", conversation: "triage:desk", ticketThreadId: created.id, view: view("card") },
          { platform: "console", conversation: "triage:desk", ticketThreadId: created.id, view: view("reply") },
          { platform: "console", conversation: "triage:desk", ticketThreadId: created.id, operation: "update", view: view("card v2") },
        ]);
        return created;
      });
      await dispatcher.drain();
      const root = (await store.manager.findOneOrFail(TicketThread, { where: { id: thread.id } })).thread;
      expect(root).to.equal(sender.deliveries[0].messageId ?? `msg-${sender.deliveries[0].outboxId}`);
      expect(sender.deliveries.map((d) => [d.view.text, d.operation, d.thread, d.messageId])).to.deep.equal([
        ["card", "post", null, null],
        ["reply", "post", root, null],
        ["card v2", "update", root, root],
      ]);
    });

    it("keeps only the latest pending update of a card", async () => {
      await store.transaction(async (m) => {
        const created = await addThread(m, 1, "triage", { platform: "console", conversation: "triage:desk", thread: "root" });
        await enqueueOutbound(m, [{ platform: "console", conversation: "triage:desk", ticketThreadId: created.id, operation: "update", view: view("v1") }]);
        await enqueueOutbound(m, [{ platform: "console", conversation: "triage:desk", ticketThreadId: created.id, operation: "update", view: view("v2") }]);
      });
      await dispatcher.drain();
      expect(sender.deliveries.map((d) => d.view.text)).to.deep.equal(["v2"]);
    });

    it("retries after an outage, honouring Retry-After, and loses nothing nor reorders", async () => {
      await store.transaction((m) => enqueueOutbound(m, [
        { platform: "console", conversation: "dm:a", view: view("first") },
        { platform: "console", conversation: "dm:a", view: view("second") },
        { platform: "console", conversation: "dm:b", view: view("other conversation") },
      ]));
      sender.failWith = new DeliveryError("rate limited", { retryAfterMs: 30_000 });
      await dispatcher.runOnce();
      const failed = await store.manager.findOneOrFail(OutboxMessage, { where: { id: 1 } });
      expect([failed.status, failed.attempts, failed.nextAttemptAt.getTime() - clock.now.getTime()]).to.deep.equal(["pending", 1, 30_000]);
      sender.failWith = null;
      clock.now = new Date(clock.now.getTime() + 10_000);
      await dispatcher.drain();
      expect(sender.deliveries.map((d) => d.view.text)).to.deep.equal([]);
      clock.now = new Date(clock.now.getTime() + 30_000);
      await dispatcher.drain();
      expect(sender.deliveries.map((d) => d.view.text)).to.deep.equal(["first", "second", "other conversation"]);
    });

    it("gives up on a permanent error and keeps the message for an operator", async () => {
      await store.transaction((m) => enqueueOutbound(m, [{ platform: "console", conversation: "dm:gone", view: view("x") }]));
      sender.failWith = new DeliveryError("channel_not_found", { permanent: true });
      await dispatcher.drain();
      const row = await store.manager.findOneOrFail(OutboxMessage, { where: {} });
      expect([row.status, row.lastError]).to.deep.equal(["failed", "channel_not_found"]);
    });

    it("never lets two dispatchers send the same message", async () => {
      await store.transaction((m) => enqueueOutbound(m, Array.from({ length: 20 }, (_, i) => ({ platform: "console" as const, conversation: `dm:${i}`, view: view(String(i)) }))));
      const other = new OutboxDispatcher(store, { now: () => clock.now });
      other.register(sender);
      await Promise.all([dispatcher.drain(), other.drain()]);
      const texts = sender.deliveries.map((d) => d.view.text).sort();
      expect(texts).to.deep.equal(Array.from({ length: 20 }, (_, i) => String(i)).sort());
    });
  });
}
