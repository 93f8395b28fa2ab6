import { expect } from "chai";
import { Inbox } from "../../../src/core/inbox/inbox";
import type { Store } from "../../../src/store/data-source";
import { InboundEvent } from "../../../src/store/entities/InboundEvent";
import { TEST_DATABASES } from "../../support/test-store";

const minutes = (n: number) => n * 60_000;

for (const db of TEST_DATABASES) {
  describe(`inbox on ${db.name}`, () => {
    let store: Store;
    let clock: { now: Date };
    const inboxes: Inbox[] = [];

    /** An instance's inbox; `handled` lists the payloads its handler was given. */
    function instance(options: { concurrency?: number; maxWaiting?: number; fail?: (payload: unknown) => boolean } = {}) {
      const handled: unknown[] = [];
      const inbox = new Inbox(store, { now: () => clock.now, leaseMs: 5000, maxAttempts: 3, ...options });
      inbox.register("slack", async (payload) => {
        if (options.fail?.(payload)) throw new Error("the desk is down");
        handled.push(payload);
      });
      inboxes.push(inbox);
      return { inbox, handled };
    }

    const row = (deliveryKey: string) => store.manager.findOneByOrFail(InboundEvent, { deliveryKey });

    beforeEach(async () => {
      store = await db.open();
      clock = { now: new Date("2026-11-24T09:00:00Z") };
    });
    afterEach(async () => {
      for (const inbox of inboxes.splice(0)) await inbox.stop();
      await store.close();
    });

    it("stores a delivery once, however often it is delivered, and hands it to the handler once", async () => {
      const { inbox, handled } = instance();
      const answers = await Promise.all([
        inbox.accept("slack", "event:Ev1", { n: 1 }),
        inbox.accept("slack", "event:Ev1", { n: 1 }),
        inbox.accept("slack", "event:Ev1", { n: 1 }),
      ]);
      await inbox.idle();
      expect(answers.filter((a) => a === "stored")).to.have.length(1);
      expect(handled).to.deep.equal([{ n: 1 }]);
      expect(await store.manager.count(InboundEvent)).to.equal(1);
    });

    it("marks a handled delivery done and keeps no copy of its words", async () => {
      const { inbox } = instance();
      await inbox.accept("slack", "event:Ev2", { text: "mon mot de passe" });
      await inbox.idle();
      const stored = await row("event:Ev2");
      expect(stored.status).to.equal("done");
      expect(stored.payload).to.equal(null);
      expect(stored.handledAt?.toISOString()).to.equal(clock.now.toISOString());
    });

    it("runs the adapter's own handling of a fresh delivery, and the handler after a failure", async () => {
      const { inbox, handled } = instance();
      const ran: string[] = [];
      await inbox.accept("slack", "action:T1", { n: 2 }, { urgent: true, run: async () => {
        ran.push("live");
        throw new Error("the database went away");
      } });
      await inbox.idle();
      expect(ran).to.deep.equal(["live"]);
      const failed = await row("action:T1");
      expect([failed.status, failed.attempts, failed.lastError]).to.deep.equal(["pending", 1, "the database went away"]);

      await inbox.recover();
      await inbox.idle();
      expect(handled, "not before its backoff").to.deep.equal([]);
      clock.now = new Date(clock.now.getTime() + 1000);
      await inbox.recover();
      await inbox.idle();
      expect(handled).to.deep.equal([{ n: 2 }]);
      expect((await row("action:T1")).status).to.equal("done");
    });

    it("sets a delivery aside after its last attempt, with the error", async () => {
      const { inbox } = instance({ fail: () => true });
      await inbox.accept("slack", "event:Ev3", { n: 3 });
      for (let i = 0; i < 5; i++) {
        await inbox.idle();
        clock.now = new Date(clock.now.getTime() + minutes(10));
        await inbox.recover();
      }
      await inbox.idle();
      const stored = await row("event:Ev3");
      expect([stored.status, stored.attempts, stored.lastError]).to.deep.equal(["failed", 3, "the desk is down"]);
    });

    it("leaves a delivery held by a live instance alone, and takes one whose instance died when its lease runs out", async () => {
      // The first instance stores the delivery, then dies before handling it (nothing runs it).
      let release: () => void = () => undefined;
      const dead = instance();
      await dead.inbox.accept("slack", "event:Ev4", { n: 4 }, { run: () => new Promise<void>((resolve) => (release = resolve)) });
      const other = instance();
      expect(await other.inbox.recover()).to.equal(0);
      clock.now = new Date(clock.now.getTime() + 4999);
      expect(await other.inbox.recover(), "the lease still runs").to.equal(0);
      clock.now = new Date(clock.now.getTime() + 2);
      expect(await other.inbox.recover()).to.equal(1);
      await other.inbox.idle();
      expect(other.handled).to.deep.equal([{ n: 4 }]);
      release();
    });

    it("keeps the lease of a delivery it is still handling, so that no other instance takes it", async () => {
      let release: () => void = () => undefined;
      const slow = new Inbox(store, { now: () => clock.now, leaseMs: 300 });
      inboxes.push(slow);
      slow.register("slack", async () => undefined);
      await slow.accept("slack", "event:Ev5", { n: 5 }, { run: () => new Promise<void>((resolve) => (release = resolve)) });
      slow.start(60_000);
      const other = instance();
      // The clock moves on, and the slow instance renews its lease every 100 ms meanwhile.
      for (let i = 0; i < 5; i++) {
        clock.now = new Date(clock.now.getTime() + 200);
        await new Promise((resolve) => setTimeout(resolve, 150));
        expect(await other.inbox.recover(), `after ${(i + 1) * 200} ms`).to.equal(0);
      }
      release();
      await slow.idle();
      expect((await row("event:Ev5")).status).to.equal("done");
    });

    it("has instances that pass at the same moment take each waiting delivery once", async () => {
      // Small passes, so that many of them run at the same moment.
      const instances = [instance({ maxWaiting: 5 }), instance({ maxWaiting: 5 }), instance({ maxWaiting: 5 }), instance({ maxWaiting: 5 })];
      // Stored by a third instance over its limit of waiting deliveries: nobody holds them.
      const storing = new Inbox(store, { now: () => clock.now, maxWaiting: 0 });
      storing.register("slack", async () => undefined);
      for (let i = 0; i < 60; i++) await storing.accept("slack", `event:Ev${i}`, { i });
      while ((await store.manager.countBy(InboundEvent, { status: "done" })) < 60) {
        await Promise.all([...instances, ...instances].map((one) => one.inbox.recover()));
        await Promise.all(instances.map((one) => one.inbox.idle()));
      }
      const all = instances.flatMap((one) => one.handled).map((p) => (p as { i: number }).i).sort((x, y) => x - y);
      expect(all).to.deep.equal(Array.from({ length: 60 }, (_, i) => i));
      expect(await store.manager.countBy(InboundEvent, { status: "done" })).to.equal(60);
    });

    it("handles at most `concurrency` deliveries at once, but never makes an interaction wait", async () => {
      const releases: Array<() => void> = [];
      const { inbox } = instance({ concurrency: 2 });
      let running = 0;
      let most = 0;
      const slow = () => new Promise<void>((resolve) => {
        running++;
        most = Math.max(most, running);
        releases.push(() => {
          running--;
          resolve();
        });
      });
      for (let i = 0; i < 5; i++) await inbox.accept("slack", `event:E${i}`, { i }, { run: slow });
      expect(running).to.equal(2);
      let pressed = false;
      await inbox.accept("slack", "action:T9", {}, { urgent: true, run: async () => {
        pressed = true;
      } });
      await new Promise((resolve) => setImmediate(resolve));
      expect(pressed, "the interaction ran at once").to.equal(true);
      while (releases.length > 0 || running > 0) {
        releases.shift()?.();
        await new Promise((resolve) => setImmediate(resolve));
      }
      await inbox.idle();
      expect(most).to.equal(2);
      expect(await store.manager.countBy(InboundEvent, { status: "done" })).to.equal(6);
    });

    it("lets go of what waits in memory when it stops, for another instance to take at once", async () => {
      const releases: Array<() => void> = [];
      const first = instance({ concurrency: 1 });
      await first.inbox.accept("slack", "event:A", { n: "a" }, { run: () => new Promise<void>((resolve) => releases.push(resolve)) });
      await first.inbox.accept("slack", "event:B", { n: "b" });
      const stopping = first.inbox.stop();
      releases.forEach((release) => release());
      await stopping;
      const other = instance();
      expect(await other.inbox.recover()).to.equal(1);
      await other.inbox.idle();
      expect(other.handled).to.deep.equal([{ n: "b" }]);
    });

    it("deletes deliveries handled more than a day ago", async () => {
      const { inbox } = instance();
      await inbox.accept("slack", "event:old", {});
      await inbox.idle();
      clock.now = new Date(clock.now.getTime() + minutes(60 * 24 + 11));
      await inbox.accept("slack", "event:new", {});
      await inbox.idle();
      await inbox.recover();
      expect((await store.manager.find(InboundEvent)).map((r) => r.deliveryKey)).to.deep.equal(["event:new"]);
    });
  });
}
