import { expect } from "chai";
import { existsSync, mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Store } from "../../src/store/data-source";
import { ProcessedEvent } from "../../src/store/entities/ProcessedEvent";

describe("the SQLite file", () => {
  let umask: number;
  beforeEach(() => {
    // The usual umask, under which files come out readable by everyone unless created otherwise.
    umask = process.umask(0o022);
  });
  afterEach(() => {
    process.umask(umask);
  });

  const mode = (file: string) => statSync(file).mode & 0o777;

  it("is created readable by its owner only, with its folders, its -wal and its -shm files", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "guichet-db-"));
    const file = path.join(root, "var", "guichet", "desk.sqlite");
    const store = await Store.open({ sqliteFile: file });
    try {
      await store.transaction((m) => m.insert(ProcessedEvent, { platform: "slack", eventId: "Ev1" }));
      expect(existsSync(`${file}-wal`) && existsSync(`${file}-shm`), "WAL mode files").to.equal(true);
      expect({
        folders: [mode(path.join(root, "var")), mode(path.dirname(file))],
        file: mode(file),
        wal: mode(`${file}-wal`),
        shm: mode(`${file}-shm`),
      }).to.deep.equal({ folders: [0o700, 0o700], file: 0o600, wal: 0o600, shm: 0o600 });
    } finally {
      await store.close();
    }
  });
});
