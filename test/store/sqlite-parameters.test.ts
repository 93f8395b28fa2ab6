import { expect } from "chai";
import { Person } from "../../src/store/entities/Person";
import { ProcessedEvent } from "../../src/store/entities/ProcessedEvent";
import { Store } from "../../src/store/data-source";

describe("SQLite statements keep their values as parameters", () => {
  let store: Store;
  beforeEach(async () => {
    store = await Store.open({ sqliteFile: ":memory:" });
  });
  afterEach(async () => store.close());

  /** The SQL texts the connection is asked to run while `work` runs. */
  async function statementsOf(work: () => Promise<unknown>): Promise<string[]> {
    const runner = store.dataSource.createQueryRunner();
    const query = runner.query.bind(runner);
    const texts: string[] = [];
    runner.query = ((sql: string, ...rest: unknown[]) => {
      texts.push(sql);
      return (query as (...args: unknown[]) => Promise<unknown>)(sql, ...rest);
    }) as typeof runner.query;
    try {
      await work();
    } finally {
      runner.query = query;
    }
    return texts;
  }

  it("looks rows up by number with one statement text for every id, prepared once", async () => {
    const texts = await statementsOf(async () => {
      for (const id of [1, 2, 3, 42]) await store.manager.findOne(Person, { where: { id } });
    });
    expect(new Set(texts).size).to.equal(1);
    expect(texts[0]).not.to.match(/\b42\b/);
  });

  it("compares a whole number with a text column as the literal did (42 is '42', not '42.0')", async () => {
    await store.manager.insert(ProcessedEvent, { platform: "slack", eventId: "42", receivedAt: new Date() });
    const found = await store.manager
      .createQueryBuilder(ProcessedEvent, "e")
      .where("e.eventId = :id", { id: 42 })
      .getCount();
    expect(found).to.equal(1);
  });
});
