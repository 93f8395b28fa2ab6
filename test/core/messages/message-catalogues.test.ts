import { expect } from "chai";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DEFAULT_DESK_CONFIG_FILE, loadDeskConfig, parseDeskConfig } from "../../../src/config/desk-config";
import { ConfigError } from "../../../src/config/env";
import { loadMessageOverrides } from "../../../src/core/messages/message-overrides";
import { useMessages } from "../../../src/core/messages/messages";
import { readCatalogues, SHIPPED_MESSAGES_DIR } from "../../../src/core/messages/shipped-messages";
import { texts } from "../../../src/core/messages/texts";
import { openTestDesk } from "../../support/test-desk";

/** A folder of catalogue files, as a desk writes them for GUICHET_MESSAGES_DIR. */
function messagesDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "guichet-messages-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

/** The error a start-up with these files stops on. */
function overrideError(files: Record<string, string>): string {
  const dir = messagesDir(files);
  try {
    loadMessageOverrides({}, dir);
  } catch (error) {
    expect(error).to.be.instanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("the overrides were accepted");
}

describe("message catalogues", () => {
  afterEach(() => useMessages());

  it("ship every key in every language with the same placeholders", () => {
    const catalogues = readCatalogues(SHIPPED_MESSAGES_DIR);
    expect([...catalogues.keys()]).to.have.members(["fr", "en"]);
    const [reference, ...others] = [...catalogues.values()];
    expect(reference.size).to.be.greaterThan(300);
    for (const table of others) {
      expect([...table.keys()].sort()).to.deep.equal([...reference.keys()].sort());
      for (const [key, message] of reference) expect([...(table.get(key)?.args ?? [])].sort(), key).to.deep.equal([...message.args].sort());
    }
  });

  it("refuse shipped catalogues that disagree, naming the file, line and key", () => {
    const dir = messagesDir({
      "en.yaml": 'greeting: "Hello {name}"\nbye: "Bye"\n',
      "fr.yaml": 'greeting: "Bonjour {nom}"\n',
    });
    expect(() => readCatalogues(dir)).to.throw(ConfigError, /fr\.yaml:1: greeting: takes \{nom\} where en\.yaml takes \{name\}/);
    expect(() => readCatalogues(dir)).to.throw(/fr\.yaml: bye: missing/);
  });

  it("use a desk's own sentence from GUICHET_MESSAGES_DIR, message by message, and the shipped text for the rest", () => {
    const dir = messagesDir({
      "fr.yaml": "greeting: \"Bonjour ! Ici l'assistance de l'IUT.\"\ntransfer:\n  cancelledNotice: \"Transfert annulé, le n°{id} revient chez nous.\"\n",
    });
    const shippedNoMatch = texts("fr").noMatch;
    useMessages(loadMessageOverrides({}, dir));
    expect(texts("fr").greeting).to.equal("Bonjour ! Ici l'assistance de l'IUT.");
    expect(texts("fr").transfer.cancelledNotice(12)).to.equal("Transfert annulé, le n°12 revient chez nous.");
    expect(texts("fr").noMatch).to.equal(shippedNoMatch);
    expect(texts("en").greeting).to.match(/^Hello!/);
  });

  it("stop on an unknown key with the file, line and key", () => {
    const message = overrideError({ "fr.yaml": 'greeting: "Bonjour"\n\ngreting: "Salut"\n' });
    expect(message).to.match(/fr\.yaml:3: greting: unknown message key/);
  });

  it("stop on a placeholder the message does not have, naming those it has", () => {
    const message = overrideError({ "en.yaml": 'transfer:\n  cancelledNotice: "Ticket {ticket} is back."\n' });
    expect(message).to.match(/en\.yaml:2: transfer\.cancelledNotice: unknown placeholder \{ticket\}: this message has \{id\}/);
  });

  it("stop on bad ICU syntax, naming where in the message", () => {
    const message = overrideError({ "fr.yaml": 'greeting: "Bonjour"\naddedToTicket: "Ajouté au n°{id"\n' });
    expect(message).to.match(/fr\.yaml:2: addedToTicket: bad ICU MessageFormat syntax \(.+\) at line 1, column \d+ of the message/);
  });

  it("stop on a catalogue file that is not named by a language code", () => {
    expect(overrideError({ "german.yaml": 'greeting: "Hallo"\n' })).to.match(/german\.yaml:1: german: "german" is not a language code/);
  });

  it("stop on a GUICHET_MESSAGES_DIR that does not exist", () => {
    expect(() => loadMessageOverrides({}, "/nonexistent/messages")).to.throw(ConfigError, /GUICHET_MESSAGES_DIR: the folder \/nonexistent\/messages does not exist/);
  });

  it("fall back to the shipped text when the desk's sentence cannot be formatted with the values given", () => {
    const dir = messagesDir({ "en.yaml": 'searchEmpty: "Nothing since {q, date}"\n' });
    useMessages(loadMessageOverrides({}, dir));
    expect(texts("en").searchEmpty("printer")).to.equal('No article for "printer".');
  });

  it("format plurals, numbers and dates with the platform's Intl", () => {
    expect(texts("fr").workingDuration(1, "d")).to.equal("1 jour ouvré");
    expect(texts("fr").workingDuration(2, "d")).to.equal("2 jours ouvrés");
    expect(texts("en").workingDuration(1, "h")).to.equal("1 working hour");
    expect(texts("en").incidentDeclaredStaff("Bruno", 1200)).to.contain("1,200 requesters");
    expect(texts("fr").incidentDeclaredStaff("Bruno", 1200)).to.contain("1\u202f200 demandeurs");
    const newYear = new Date("2026-01-01T09:30:00Z");
    expect(texts("fr").dueAt(newYear, 1, "Europe/Paris")).to.equal("jeudi 1er janvier à 10:30");
    expect(texts("en").dueAt(newYear, 1, "America/New_York")).to.equal("Thursday 1 January at 04:30");
  });
});

describe("the messages: key of the desk configuration", () => {
  afterEach(() => useMessages());
  /** The shipped configuration with its `messages: {}` replaced by `yaml`. */
  const withMessages = (yaml: string) => {
    const shipped = readFileSync(DEFAULT_DESK_CONFIG_FILE, "utf8");
    expect(shipped).to.match(/^messages: \{\}$/m);
    return shipped.replace(/^messages: \{\}$/m, yaml);
  };

  it("stops on a wrong override with the configuration file, line and key", () => {
    const text = withMessages('messages:\n  fr:\n    receiptTitle: "Demande {numero} ouverte"');
    const line = text.split("\n").findIndex((l) => l.includes("receiptTitle")) + 1;
    expect(() => parseDeskConfig(text, "desk.yaml")).to.throw(
      ConfigError,
      new RegExp(`desk\\.yaml:${line}: messages\\.fr\\.receiptTitle: unknown placeholder \\{numero\\}`),
    );
  });

  it("gives the desk its own sentence once the desk starts, over GUICHET_MESSAGES_DIR's", async () => {
    const config = parseDeskConfig(withMessages("messages:\n  fr:\n    console:\n      banner: \"guichet — l'assistance de l'IUT.\""), "desk.yaml");
    const dir = messagesDir({ "fr.yaml": 'console:\n  banner: "guichet de la DSI"\ngreeting: "Bonjour de la DSI !"\n' });
    const overrides = loadMessageOverrides(config.messages, dir);
    expect(overrides.get("fr")?.get("console.banner")).to.equal("guichet — l'assistance de l'IUT.");
    expect(overrides.get("fr")?.get("greeting")).to.equal("Bonjour de la DSI !");
    const t = await openTestDesk({ config });
    await t.close();
    expect(texts("fr").console.banner).to.equal("guichet — l'assistance de l'IUT.");
    // The shipped configuration overrides nothing: a desk started with it speaks the shipped words again.
    await (await openTestDesk({ config: loadDeskConfig() })).close();
    expect(texts("fr").console.banner).to.equal("guichet — console locale.");
  });
});
