import { expect } from "chai";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { runKbUsage } from "../../src/commands/kb-usage";
import { Store } from "../../src/store/data-source";
import { KnowledgeUsage } from "../../src/store/entities/KnowledgeUsage";
import { writeTestKnowledgeBase } from "../support/test-desk";
import { captureIo } from "./command-io";

describe("guichet kb usage", () => {
  let env: NodeJS.ProcessEnv;
  before(async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "guichet-usage-")), "desk.sqlite");
    const store = await Store.open({ sqliteFile: file });
    await store.manager.save(store.manager.create(KnowledgeUsage, {
      articleId: null, event: "no_match", conversationId: null, personId: null, query: "chromatographie", channel: "console",
      at: new Date("2026-11-18T10:00:00Z"),
    }));
    await store.close();
    env = { GUICHET_DB_FILE: file, GUICHET_KB_DIR: writeTestKnowledgeBase() };
  });
  const usage = async (...argv: string[]) => {
    const io = captureIo();
    const code = await runKbUsage(argv, io, { env, now: () => new Date("2026-11-24T09:00:00Z") });
    return { code, out: io.out(), err: io.err() };
  };

  it("lists the questions that found nothing in the period, with its days in the desk's time zone", async () => {
    const { code, out } = await usage("--since", "2026-11-16", "--until", "2026-11-22");
    expect(code).to.equal(0);
    expect(out.split("\n")[0]).to.equal("Knowledge base usage, 2026-11-16 → 2026-11-22");
    expect(out).to.contain("Questions that found no article (1):\n  1× chromatographie");
  });

  it("leaves out what happened before --since", async () => {
    const { out } = await usage("--since", "2026-11-19", "--json");
    expect(JSON.parse(out).missing).to.deep.equal([]);
  });

  it("refuses a date it cannot read, with the usage", async () => {
    const { code, err } = await usage("--since", "last week");
    expect(code).to.equal(2);
    expect(err).to.contain('--since: "last week" is not a date').and.contain("Usage: guichet kb usage");
  });
});
