import { expect } from "chai";
import type { Store } from "../../src/store/data-source";
import { ConcurrentChangeError } from "../../src/store/transaction-retry";
import { TEST_DATABASES } from "../support/test-store";

describe("a transaction that loses a race is run again", () => {
  let store: Store;
  beforeEach(async () => {
    store = await TEST_DATABASES[0].open();
  });
  afterEach(async () => store.close());

  const uniqueViolation = () => Object.assign(new Error('duplicate key value violates unique constraint "UQ_x"'), { code: "23505" });

  it("runs the work again after a conflict, and tells who asked", async () => {
    const conflicts: unknown[] = [];
    let attempts = 0;
    const result = await store.transactionRetrying(async () => {
      attempts++;
      if (attempts === 1) throw uniqueViolation();
      if (attempts === 2) throw new ConcurrentChangeError("conversation 1");
      return "done";
    }, { onRetry: (error) => conflicts.push(error) });
    expect([result, attempts, conflicts.length]).to.deep.equal(["done", 3, 2]);
  });

  it("gives up after the last attempt with the conflict itself", async () => {
    let attempts = 0;
    const error = await store.transactionRetrying(async () => {
      attempts++;
      throw uniqueViolation();
    }, { attempts: 3 }).then(() => null, (e: unknown) => e);
    expect([attempts, (error as { code?: string }).code]).to.deep.equal([3, "23505"]);
  });

  it("never runs again work that failed for its own reasons", async () => {
    let attempts = 0;
    const error = await store.transactionRetrying(async () => {
      attempts++;
      throw new Error("not a race");
    }).then(() => null, (e: unknown) => e);
    expect([attempts, (error as Error).message]).to.deep.equal([1, "not a race"]);
  });
});
