import { expect } from "chai";
import { schedule } from "node-cron";
import { DatabaseRunCoordinator } from "../../src/jobs/run-coordinator";
import { JobLease } from "../../src/store/entities/JobLease";
import type { Store } from "../../src/store/data-source";
import { TEST_DATABASES } from "../support/test-store";

for (const db of TEST_DATABASES) {
  describe(`run coordinator on ${db.name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await db.open();
    });
    afterEach(async () => store.close());

    it("elects the first instance that asks for a fire, and only it", async () => {
      const [a, b] = [new DatabaseRunCoordinator(store), new DatabaseRunCoordinator(store)];
      expect(await a.shouldRun("guichet-sla-sweep:2026-11-24T09:01:00.000Z", 60_000)).to.equal(true);
      expect(await b.shouldRun("guichet-sla-sweep:2026-11-24T09:01:00.000Z", 60_000)).to.equal(false);
      expect(await b.shouldRun("guichet-sla-sweep:2026-11-24T09:02:00.000Z", 60_000)).to.equal(true);
    });

    it("elects exactly one of several instances asking at the same moment", async () => {
      const coordinators = Array.from({ length: 5 }, () => new DatabaseRunCoordinator(store));
      const answers = await Promise.all(coordinators.map((c) => c.shouldRun("guichet-digest:2026-11-30T07:00:00.000Z", 60_000)));
      expect(answers.filter(Boolean)).to.have.length(1);
      const lease = await store.manager.findOneOrFail(JobLease, { where: { key: "guichet-digest:2026-11-30T07:00:00.000Z" } });
      expect(lease.owner).to.equal(coordinators[answers.indexOf(true)].owner);
    });

    it("marks the fire completed and prunes leases expired long ago", async () => {
      let now = new Date("2026-11-24T09:00:00Z");
      const coordinator = new DatabaseRunCoordinator(store, () => now);
      await coordinator.shouldRun("old", 60_000);
      await coordinator.onComplete("old");
      expect((await store.manager.findOneOrFail(JobLease, { where: { key: "old" } })).completedAt?.toISOString()).to.equal(now.toISOString());
      now = new Date("2026-11-26T09:00:00Z");
      await coordinator.shouldRun("recent", 60_000);
      expect(await coordinator.prune(new Date("2026-11-25T09:00:00Z"))).to.equal(1);
      expect((await store.manager.find(JobLease)).map((l) => l.key)).to.deep.equal(["recent"]);
    });
  });
}

describe("a distributed node-cron task with the database coordinator", () => {
  it("runs each fire on one of two instances only", async function () {
    this.timeout(10_000);
    const store = await TEST_DATABASES[0].open();
    const runs: Array<{ instance: string; fire: string }> = [];
    // Two "instances": two tasks of the same name, each with its own coordinator, firing every second.
    const tasks = ["a", "b"].map((instance) =>
      schedule("* * * * * *", (context) => void runs.push({ instance, fire: context.date.toISOString() }), {
        name: "guichet-test-job", distributed: true, runCoordinator: new DatabaseRunCoordinator(store), noOverlap: true,
      }),
    );
    try {
      const deadline = Date.now() + 5_000;
      while (new Set(runs.map((r) => r.fire)).size < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      for (const task of tasks) await task.destroy();
    }
    const fires = runs.map((r) => r.fire);
    expect(new Set(fires).size).to.be.at.least(2);
    expect(fires).to.have.length(new Set(fires).size);
    const leases = await store.manager.find(JobLease);
    expect(leases.filter((l) => fires.some((f) => l.key === `guichet-test-job:${f}`))).to.have.length(new Set(fires).size);
    await store.close();
  });
});
