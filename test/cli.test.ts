import { expect } from "chai";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PACKAGE_ROOT } from "../src/config/env";
import { run } from "./support/processes";
import { writeTestKnowledgeBase } from "./support/test-desk";

const CLI = path.join(PACKAGE_ROOT, "dist", "src", "cli.js");

const guichet = (args: string[], cwd: string, env?: Record<string, string>) => run(process.execPath, [CLI, ...args], { cwd, env });

describe("the guichet command", function () {
  // Each test starts node processes, which take seconds on a busy machine.
  this.timeout(90_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "guichet-cli-"));
  });

  it("says that a command it does not know is unknown (exit 2)", async () => {
    const unknown = await guichet(["raport"], dir);
    expect(unknown.code).to.equal(2);
    expect(unknown.stderr.split("\n")[0]).to.equal('guichet: unknown command "raport"');
    expect((await guichet(["kb", "serch", "vpn"], dir)).stderr.split("\n")[0]).to.equal('guichet: unknown command "kb serch"');
    expect((await guichet(["help"], dir)).stderr).not.to.match(/unknown/);
  });

  it("reads .env like npm start, and refuses a database file that does not exist instead of reporting zero tickets", async () => {
    const missing = path.join(dir, "nowhere", "desk.sqlite");
    writeFileSync(path.join(dir, ".env"), `GUICHET_DB_FILE=${missing}\n`);
    for (const command of [["report"], ["export", "--since", "2026-11-01"], ["kb", "usage"]]) {
      const answer = await guichet(command, dir);
      expect(answer.code, command.join(" ")).to.equal(1);
      expect(answer.stderr, command.join(" ")).to.contain(`no guichet database at ${missing}: set GUICHET_DB_FILE or DATABASE_URL`);
    }
    expect(existsSync(missing), "no empty database was created").to.equal(false);
  });

  it("searches the knowledge base named by GUICHET_KB_DIR in .env", async () => {
    writeFileSync(path.join(dir, ".env"), `GUICHET_KB_DIR=${writeTestKnowledgeBase()}\n`);
    const answer = await guichet(["kb", "search", "installer une imprimante", "--json"], dir);
    expect(answer.code).to.equal(0);
    expect((JSON.parse(answer.stdout) as Array<{ id: string }>).map((hit) => hit.id)).to.deep.equal(["fr-imprimante"]);
  });

  it("runs the README's JSON examples as written, and their output parses", async () => {
    const readme = readFileSync(path.join(PACKAGE_ROOT, "README.md"), "utf8");
    // Command lines of the README that print JSON and read no file of their own.
    const lines = [...readme.matchAll(/^((?:npx guichet|npm run --silent guichet --) [^#\n<]*--json[^#\n<]*?)\s*(?:#.*)?$/gm)].map((m) => m[1]);
    expect(lines, "the README shows a JSON example").to.not.deep.equal([]);
    expect(readme, "no example lets npm print its banner into the output").not.to.match(/^npm run guichet/m);
    for (const line of lines.filter((l) => l.startsWith("npx "))) {
      const answer = await run(line, [], { cwd: PACKAGE_ROOT, shell: true, env: { npm_config_yes: "false" } });
      expect(answer.code, `${line}\n${answer.stderr}`).to.equal(0);
      expect(() => JSON.parse(answer.stdout), line).not.to.throw();
    }
  });
});
