import { expect } from "chai";
import type { Store } from "../../src/store/data-source";
import { TEST_DATABASES } from "../support/test-store";

describe("SQLite transactions take the one connection in turn", () => {
  let store: Store;
  beforeEach(async () => {
    store = await TEST_DATABASES[0].open();
  });
  afterEach(async () => store.close());

  it("runs an urgent transaction (what a platform has just accepted) before those already waiting", async () => {
    const order: string[] = [];
    let release = () => undefined as void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started = () => undefined as void;
    const isRunning = new Promise<void>((resolve) => (started = resolve));
    const running = store.transaction(async () => {
      order.push("running");
      started();
      await gate;
    });
    await isRunning;
    const waiting = ["first", "second"].map((name) => store.transaction(async () => void order.push(name)));
    const urgent = store.transaction(async () => void order.push("urgent"), { urgent: true });
    release();
    await Promise.all([running, ...waiting, urgent]);
    expect(order).to.deep.equal(["running", "urgent", "first", "second"]);
  });

  it("lets the next transaction run after one that failed", async () => {
    const failed = store.transaction(async () => {
      throw new Error("rolled back");
    });
    const next = store.transaction(async () => "ran");
    expect(await failed.then(() => "", (e: Error) => e.message)).to.equal("rolled back");
    expect(await next).to.equal("ran");
  });
});
