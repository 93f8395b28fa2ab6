import Database from "better-sqlite3";
import { expect } from "chai";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { EntityManager } from "typeorm";
import { Store } from "../../src/store/data-source";

/** Records an event id, as the desk does in each of its transactions. */
const record = (m: EntityManager, id: string) =>
  m.query(`INSERT INTO "processed_event" ("platform", "eventId", "receivedAt") VALUES ('slack', ?, '2026-11-24 09:00:00')`, [id]);

describe("SQLite commits the transactions waiting for its connection together", () => {
  let store: Store;
  let file: string;
  /** A second connection to the same file: it sees only what is committed. */
  let reader: Database.Database;
  const committedIds = () =>
    (reader.prepare('SELECT "eventId" FROM "processed_event" ORDER BY "eventId"').all() as Array<{ eventId: string }>).map((r) => r.eventId);

  beforeEach(async () => {
    file = path.join(mkdtempSync(path.join(tmpdir(), "guichet-group-commit-")), "guichet.sqlite");
    store = await Store.open({ sqliteFile: file });
    reader = new Database(file, { readonly: true });
  });
  afterEach(async () => {
    reader.close();
    await store.close();
  });

  /** Counts the COMMIT statements sent on the one connection. */
  function countCommits(): () => number {
    const runner = store.dataSource.createQueryRunner();
    const query = runner.query.bind(runner);
    let commits = 0;
    runner.query = ((sql: string, ...rest: unknown[]) => {
      if (sql === "COMMIT") commits++;
      return (query as (...args: unknown[]) => Promise<unknown>)(sql, ...rest);
    }) as typeof runner.query;
    return () => commits;
  }

  it("commits in one go the transactions that waited behind a running one, each settling only once committed", async () => {
    const commits = countCommits();
    let release = () => undefined as void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const running = store.transaction(async (m) => {
      await record(m, "E00");
      await gate;
    });
    const seenAtSettle: string[][] = [];
    const waiting = Array.from({ length: 10 }, (_, i) =>
      store.transaction((m) => record(m, `E${String(i + 1).padStart(2, "0")}`)).then(() => void seenAtSettle.push(committedIds())),
    );
    release();
    await Promise.all([running, ...waiting]);
    expect(commits()).to.be.at.most(2);
    expect(committedIds()).to.have.length(11);
    // Whoever was told "committed" could already read it from another connection.
    for (const seen of seenAtSettle) expect(seen).to.have.length(11);
  });

  it("rolls back alone the transaction of a group that fails, and commits the others", async () => {
    let release = () => undefined as void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const running = store.transaction(async (m) => {
      await record(m, "A");
      await gate;
    });
    const failing = store.transaction(async (m) => {
      await record(m, "B");
      throw new Error("refused by the desk");
    });
    const after = store.transaction((m) => record(m, "C"));
    release();
    const outcomes = await Promise.allSettled([running, failing, after]);
    expect(outcomes.map((o) => o.status)).to.deep.equal(["fulfilled", "rejected", "fulfilled"]);
    expect(committedIds()).to.deep.equal(["A", "C"]);
  });

  it("fails the whole group when SQLite ends its transaction, keeps none of it, and goes on with the next", async () => {
    let release = () => undefined as void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const running = store.transaction(async (m) => {
      await record(m, "A");
      await gate;
    });
    // What SQLite does by itself on a full disk or an I/O error: the whole transaction is rolled back.
    const rolledBack = store.transaction(async (m) => {
      await m.query("ROLLBACK");
      throw new Error("disk I/O error");
    });
    const queued = store.transaction((m) => record(m, "C"));
    release();
    const outcomes = await Promise.allSettled([running, rolledBack, queued]);
    expect(outcomes[0].status).to.equal("rejected");
    expect(outcomes[1].status).to.equal("rejected");
    // The third either ran in the lost group (and failed with it) or in the next one: never outside a transaction.
    expect(committedIds()).to.deep.equal(outcomes[2].status === "fulfilled" ? ["C"] : []);
    await store.transaction((m) => record(m, "D"));
    expect(committedIds()).to.include("D");
  });
});
