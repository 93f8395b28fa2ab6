import { expect } from "chai";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PACKAGE_ROOT } from "../src/config/env";
import { run } from "./support/processes";

describe("guichet's start-up", function () {
  this.timeout(60_000);
  const start = (env: Record<string, string>) => {
    const dir = mkdtempSync(path.join(tmpdir(), "guichet-start-"));
    return run(process.execPath, [path.join(PACKAGE_ROOT, "dist", "src", "main.js")], {
      cwd: dir,
      env: { GUICHET_CHANNEL: "none", GUICHET_DB_FILE: path.join(dir, "desk.sqlite"), ...env },
    });
  };

  it("stops on a LOG_LEVEL that is not a level, naming the valid ones, without a stack trace", async () => {
    const answer = await start({ LOG_LEVEL: "verbose" });
    expect(answer.code).to.equal(1);
    expect(answer.stderr).to.contain("LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent");
    expect(answer.stderr).not.to.match(/\n\s+at /);
  });

  it("stops on a knowledge-base folder that does not exist, naming GUICHET_KB_DIR, without a stack trace", async () => {
    const answer = await start({ GUICHET_KB_DIR: "/nonexistent/kb" });
    expect(answer.code).to.equal(1);
    expect(answer.stderr).to.contain("the knowledge base folder /nonexistent/kb does not exist: set GUICHET_KB_DIR");
    expect(answer.stderr).not.to.match(/\n\s+at |"stack"/);
  });
});
