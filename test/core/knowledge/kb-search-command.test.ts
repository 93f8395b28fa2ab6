import { expect } from "chai";
import { readFileSync } from "node:fs";
import path from "node:path";
import { PassThrough } from "node:stream";
import { runKbSearch } from "../../../src/commands/kb-search";
import { articleText, tempKnowledgeBase, writeFile } from "./kb-fixtures";

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `guichet kb search ARGV` with in-memory streams. */
async function run(argv: string[], stdin = ""): Promise<Run> {
  const input = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on("data", (chunk: Buffer) => out.push(chunk.toString()));
  stderr.on("data", (chunk: Buffer) => err.push(chunk.toString()));
  input.end(stdin);
  const code = await runKbSearch(argv, { stdin: input, stdout, stderr });
  return { code, stdout: out.join(""), stderr: err.join("") };
}

function knowledgeBase(): string {
  const dir = tempKnowledgeBase();
  writeFile(dir, "vpn.md", articleText({ title: "title: Installing the VPN", tags: "tags: [vpn, remote work]" }, "Download the VPN client."));
  writeFile(dir, "printer.md", articleText({ title: "title: Adding a printer", tags: "tags: [printer]" }, "Add the printer from the portal."));
  return dir;
}

describe("guichet kb search", () => {
  it("prints the ranked articles as JSON with --json", async () => {
    const { code, stdout } = await run(["how do I install the vpn", "--kb", knowledgeBase(), "--json"]);

    expect(code).to.equal(0);
    const hits = JSON.parse(stdout) as { id: string; title: string; score: number }[];
    expect(hits.map((h) => [h.id, h.title])).to.deep.equal([["vpn", "Installing the VPN"]]);
    expect(hits[0].score).to.be.within(0.5, 1);
  });

  it("prints an empty JSON array when nothing is relevant enough", async () => {
    const { code, stdout } = await run(["bonjour", "--kb", knowledgeBase(), "--json"]);

    expect(code).to.equal(0);
    expect(stdout).to.equal("[]\n");
  });

  it("prints a numbered list without --json", async () => {
    const { stdout } = await run(["printer", "--kb", knowledgeBase()]);

    expect(stdout).to.match(/^1\. 0\.\d\d {2}printer {2}Adding a printer \(en\)\n$/);
  });

  it("answers one JSON array per line of standard input with --batch", async () => {
    const { code, stdout } = await run(["--batch", "--kb", knowledgeBase()], "install the vpn\n\nadd a printer\nmerci\n");

    expect(code).to.equal(0);
    const lines = stdout.trimEnd().split("\n").map((line) => (JSON.parse(line) as { id: string }[]).map((h) => h.id));
    expect(lines).to.deep.equal([["vpn"], [], ["printer"], []]);
  });

  it("refuses an unknown flag with the usage on stderr and exit code 2", async () => {
    const { code, stdout, stderr } = await run(["vpn", "--colour"]);

    expect(code).to.equal(2);
    expect(stdout).to.equal("");
    expect(stderr).to.match(/Unknown option '--colour'/);
    expect(stderr).to.include("Usage: guichet kb search");
  });

  it("refuses a limit that is not a whole number from 1 to 50", async () => {
    expect((await run(["vpn", "--limit", "0"])).code).to.equal(2);
    expect((await run(["vpn", "--limit", "three"])).code).to.equal(2);
  });

  it("refuses a --lang that is no language code", async () => {
    expect((await run(["vpn", "--lang", "german"])).code).to.equal(2);
  });

  it("refuses a question together with --batch", async () => {
    expect((await run(["vpn", "--batch"])).code).to.equal(2);
  });

  it("reports problems in article files on stderr as path:line: message", async () => {
    const dir = knowledgeBase();
    writeFile(dir, "broken.md", articleText({ lang: "lang: de" }));

    const { code, stderr } = await run(["vpn", "--kb", dir, "--json"]);

    expect(code).to.equal(0);
    expect(stderr).to.match(/broken\.md:3: the language "de"/);
  });

  it("exits with 1 when the knowledge base folder cannot be read", async () => {
    const { code, stderr } = await run(["vpn", "--kb", "/nonexistent/guichet-kb"]);

    expect(code).to.equal(1);
    expect(stderr).to.match(/cannot read the knowledge base folder/);
  });

  it("searches the bundled kb/ by default", async () => {
    const { code, stdout } = await run(["eduroam", "--json", "--lang", "en"]);

    expect(code).to.equal(0);
    expect((JSON.parse(stdout) as unknown[]).length).to.be.greaterThan(0);
  });

  describe("the README's examples, run against the bundled kb/", () => {
    const readme = readFileSync(path.resolve(__dirname, "..", "..", "..", "..", "README.md"), "utf8");
    // `npx guichet kb search "TEXT" [FLAGS]   # comment`: the comment names the article expected first, or says "nothing".
    const examples = [...readme.matchAll(/^(?:npx guichet|npm run --silent guichet --) kb search "([^"]+)"([^#\n]*)#([^\n]*)$/gm)].map(([, text, flags, comment]) => ({
      text,
      flags: flags.trim().split(/\s+/).filter(Boolean),
      expected: /\bnothing\b/.test(comment) ? null : /\b((?:fr|en)-[a-z0-9-]+)\b/.exec(comment)?.[1],
    }));

    it("finds the examples in the README", () => {
      expect(examples.length).to.be.at.least(5);
    });

    for (const example of examples) {
      const expectation = example.expected === null ? "nothing" : (example.expected ?? "a ranked list");
      it(`answers ${["kb search", `"${example.text}"`, ...example.flags].join(" ")} with ${expectation}`, async () => {
        const { code, stdout } = await run([example.text, ...example.flags.filter((f) => f !== "--json"), "--json"]);

        expect(code).to.equal(0);
        const ids = (JSON.parse(stdout) as { id: string }[]).map((h) => h.id);
        if (example.expected === null) expect(ids).to.deep.equal([]);
        else if (example.expected === undefined) expect(ids).not.to.deep.equal([]);
        else expect(ids[0]).to.equal(example.expected);
      });
    }
  });
});
