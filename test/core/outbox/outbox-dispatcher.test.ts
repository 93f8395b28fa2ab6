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
      expect(sender.viewsIn("dm:a").map((v) => v.text)).to.deep.equal(["first", "second"]);
      expect(sender.viewsIn("dm:b").map((v) => v.text)).to.deep.equal(["other conversation"]);
    });

    it("gives up on a permanent error and keeps the message for an operator", async () => {
      await store.transaction((m) => enqueueOutbound(m, [{ platform: "console", conversation: "dm:gone", view: view("x") }]));
      sender.failWith = new DeliveryError("channel_not_found", { permanent: true });
      await dispatcher.drain();
      const row = await store.manager.findOneOrFail(OutboxMessage, { where: {} });
      expect([row.status, row.lastError]).to.deep.equal(["failed", "channel_not_found"]);
    });

    it("delivers everyone else while one conversation keeps failing, however much waits behind it", async () => {
      await store.transaction((m) => enqueueOutbound(m, Array.from({ length: 250 }, (_, i) => ({ platform: "console" as const, conversation: "triage:gone", view: view(`stuck ${i}`) }))));
      await store.transaction((m) => enqueueOutbound(m, Array.from({ length: 20 }, (_, i) => ({ platform: "console" as const, conversation: `dm:new-${i}`, view: view(`answer ${i}`) }))));
      sender.failIn.set("triage:gone", new DeliveryError("slack chat.postMessage: not_in_channel"));
      for (let minute = 0; minute < 2; minute++) {
        await dispatcher.drain();
        clock.now = new Date(clock.now.getTime() + 60_000);
      }
      const answered = Array.from({ length: 20 }, (_, i) => sender.viewsIn(`dm:new-${i}`).length);
      expect(answered).to.deep.equal(Array(20).fill(1));
      const stuck = await store.manager.find(OutboxMessage, { where: { conversation: "triage:gone" }, order: { id: "ASC" } });
      expect(stuck.filter((r) => r.attempts > 0).map((r) => r.id), "only the first of the failing conversation is tried").to.deep.equal([stuck[0].id]);
    });

    it("delivers many conversations at once, one message at a time within each, in order", async () => {
      const many = new OutboxDispatcher(store, { now: () => clock.now, concurrency: 8 });
      const slow = new RecordingSender("console");
      many.register(slow);
      let release = () => undefined as void;
      slow.hold = new Promise<void>((resolve) => (release = resolve));
      await store.transaction((m) => enqueueOutbound(m, Array.from({ length: 30 }, (_, i) => ({
        platform: "console" as const, conversation: `dm:${i % 10}`, view: view(`${i % 10}:${Math.floor(i / 10)}`),
      }))));
      const draining = many.drain();
      while (slow.inFlight < 8) await new Promise((resolve) => setImmediate(resolve));
      release();
      slow.hold = null;
      await draining;
      expect([slow.maxInFlight, slow.maxInFlightPerConversation]).to.deep.equal([8, 1]);
      for (let c = 0; c < 10; c++) expect(slow.viewsIn(`dm:${c}`).map((v) => v.text)).to.deep.equal([`${c}:0`, `${c}:1`, `${c}:2`]);
    });

    it("keeps a slow delivery's lease while it runs, so another instance does not send it too", async () => {
      await store.transaction((m) => enqueueOutbound(m, [{ platform: "console", conversation: "dm:slow", view: view("once") }]));
      const fast = new OutboxDispatcher(store, { now: () => clock.now, leaseMs: 15_000 });
      fast.register(new RecordingSender("console"));
      let release = () => undefined as void;
      sender.hold = new Promise<void>((resolve) => (release = resolve));
      const first = dispatcher.runOnce();
      while (sender.inFlight < 1) await new Promise((resolve) => setImmediate(resolve));
      // The platform takes long to answer; the first instance renews its lease meanwhile.
      for (let i = 0; i < 4; i++) {
        clock.now = new Date(clock.now.getTime() + 10_000);
        await dispatcher.renewLeases();
        await fast.drain();
      }
      release();
      await first;
      const row = await store.manager.findOneOrFail(OutboxMessage, { where: {} });
      expect([row.status, row.claims]).to.deep.equal(["sent", 1]);
    });

    it("takes back a thread's second root post when the same post was delivered twice", async () => {
      const thread = await store.transaction(async (m) => {
        const created = await addThread(m, 1, "triage", { platform: "console", conversation: "triage:desk" });
        await enqueueOutbound(m, [{ platform: "console", conversation: "triage:desk", ticketThreadId: created.id, view: view("card") }]);
        return created;
      });
      // One instance posts the card but its answer is slow to come; its lease runs out and another instance posts it too.
      let release = () => undefined as void;
      sender.hold = new Promise<void>((resolve) => (release = resolve));
      const stalled = dispatcher.runOnce();
      while (sender.inFlight < 1) await new Promise((resolve) => setImmediate(resolve));
      clock.now = new Date(clock.now.getTime() + 60_000);
      const other = new OutboxDispatcher(store, { now: () => clock.now });
      const otherSender = new RecordingSender("console", "other");
      other.register(otherSender);
      await other.drain();
      release();
      await stalled;
      const root = (await store.manager.findOneOrFail(TicketThread, { where: { id: thread.id } })).thread;
      expect(root, "the thread keeps the post recorded first").to.equal("other-1");
      expect(otherSender.deliveries).to.have.length(1);
      expect(sender.retracted, "the late copy is taken back").to.deep.equal([["triage:desk", "msg-1"]]);
    });

    it("says when a message may have been delivered already (its last delivery was never recorded)", async () => {
      await store.transaction((m) => enqueueOutbound(m, [{ platform: "console", conversation: "dm:a", view: view("maybe twice") }]));
      // As a crash leaves it: taken by a dispatcher, no outcome, the lease run out.
      await store.manager.update(OutboxMessage, { id: 1 }, { claims: 1, lockedUntil: new Date(clock.now.getTime() - 1) });
      await dispatcher.drain();
      const row0 = await store.manager.findOneOrFail(OutboxMessage, { where: {} });
      expect(sender.deliveries.map((d) => [d.view.text, d.possiblyDelivered?.since.getTime()])).to.deep.equal([["maybe twice", row0.createdAt.getTime()]]);
      const row = await store.manager.findOneOrFail(OutboxMessage, { where: {} });
      expect([row.status, row.claims]).to.deep.equal(["sent", 2]);
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
