import { expect } from "chai";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PACKAGE_ROOT } from "../src/config/env";
import { run } from "./support/processes";

describe("guichet's start-up", function () {
  this.timeout(60_000);
  const start = (env: Record<string, string>, input?: string) => {
    const dir = mkdtempSync(path.join(tmpdir(), "guichet-start-"));
    return run(process.execPath, [path.join(PACKAGE_ROOT, "dist", "src", "main.js")], {
      cwd: dir,
      env: { GUICHET_CHANNEL: "none", GUICHET_DB_FILE: path.join(dir, "desk.sqlite"), ...env },
      input,
    });
  };
  /** A GUICHET_MESSAGES_DIR with these catalogue files. */
  const messagesDir = (files: Record<string, string>) => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), "guichet-start-")), "messages");
    mkdirSync(dir);
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
    return dir;
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

  it("speaks a desk's own sentence from GUICHET_MESSAGES_DIR in the console, and the shipped ones elsewhere", async () => {
    const dir = messagesDir({ "fr.yaml": 'console:\n  banner: "guichet — l’assistance de l’IUT."\n' });
    const answer = await start({ GUICHET_CHANNEL: "console", GUICHET_MESSAGES_DIR: dir }, "/quit\n");
    expect(answer.code).to.equal(0);
    expect(answer.stdout).to.contain("guichet — l’assistance de l’IUT.").and.not.contain("guichet — console locale.");
    expect(answer.stdout).to.contain("Commandes de la console :");
  });

  it("speaks German in the console to a desk that adds de.yaml and offers it first, French staying as shipped", async () => {
    const dir = messagesDir({ "de.yaml": 'console:\n  nowYou: "Sie sind jetzt {name}, {role}."\nroles:\n  agent: "Support-Mitarbeiter (Stufe 1)"\n' });
    const config = path.join(mkdtempSync(path.join(tmpdir(), "guichet-start-")), "desk.yaml");
    const shipped = readFileSync(path.join(PACKAGE_ROOT, "src", "config", "desk.default.yaml"), "utf8");
    writeFileSync(config, shipped.replace(/^ {2}languages: \[fr, en\]\n {2}defaultLocale: fr$/m, "  languages: [de, fr, en]"));
    const answer = await start({ GUICHET_CHANNEL: "console", GUICHET_MESSAGES_DIR: dir, GUICHET_DESK_CONFIG: config }, "/as bruno\n/as alice\n/as ben\n/quit\n");
    expect(answer.code).to.equal(0);
    // Bruno has no language of his own: the desk's default, German; Alice keeps her French and Ben his English.
    expect(answer.stdout).to.contain("Sie sind jetzt Bruno Agent, Support-Mitarbeiter (Stufe 1).");
    expect(answer.stdout).to.contain("Vous êtes maintenant Alice Martin, demandeur.");
    expect(answer.stdout).to.contain("You are now Ben Taylor, a requester.");
  });

  it("stops on a listed language without a catalogue, naming the configuration's line, without a stack trace", async () => {
    const dir = messagesDir({});
    const config = path.join(mkdtempSync(path.join(tmpdir(), "guichet-start-")), "desk.yaml");
    const shipped = readFileSync(path.join(PACKAGE_ROOT, "src", "config", "desk.default.yaml"), "utf8");
    const text = shipped.replace(/^ {2}languages: \[fr, en\]\n {2}defaultLocale: fr$/m, "  languages: [fr, en, it]");
    writeFileSync(config, text);
    const answer = await start({ GUICHET_MESSAGES_DIR: dir, GUICHET_DESK_CONFIG: config });
    expect(answer.code).to.equal(1);
    const line = text.split("\n").findIndex((l) => l.includes("languages: [fr, en, it]")) + 1;
    expect(answer.stderr).to.contain(`${config}:${line}: desk.languages.2: no message catalogue for "it"`);
    expect(answer.stderr).not.to.match(/\n\s+at |"stack"/);
  });

  it("stops on an override with an unknown key, naming the file, line and key, without a stack trace", async () => {
    const dir = messagesDir({ "en.yaml": 'greeting: "Hello from IT!"\ngreting: "Hi"\n' });
    const answer = await start({ GUICHET_MESSAGES_DIR: dir });
    expect(answer.code).to.equal(1);
    expect(answer.stderr).to.contain(`${dir}/en.yaml:2: greting: unknown message key`);
    expect(answer.stderr).not.to.match(/\n\s+at |"stack"/);
  });
});
