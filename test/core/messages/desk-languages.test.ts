import { expect } from "chai";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DEFAULT_DESK_CONFIG_FILE, parseDeskConfig } from "../../../src/config/desk-config";
import { ConfigError } from "../../../src/config/env";
import { localize } from "../../../src/config/localized-text";
import { detectLanguage } from "../../../src/core/conversation/language-detection";
import { languagesOfDesk, offeredLanguageOf, offeredLanguages } from "../../../src/core/messages/languages";
import { loadMessageOverrides } from "../../../src/core/messages/message-overrides";
import { useMessages } from "../../../src/core/messages/messages";
import { texts } from "../../../src/core/messages/texts";

/** A folder of catalogue files, as a desk writes them for GUICHET_MESSAGES_DIR. */
function messagesDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "guichet-languages-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

/** The shipped configuration with its `desk:` languages replaced by `yaml` (two-space indented lines). */
function withLanguages(yaml: string): string {
  const shipped = readFileSync(DEFAULT_DESK_CONFIG_FILE, "utf8");
  expect(shipped).to.match(/^ {2}languages: \[fr, en\]\n {2}defaultLocale: fr$/m);
  return shipped.replace(/^ {2}languages: \[fr, en\]\n {2}defaultLocale: fr$/m, yaml);
}

/** An Italian catalogue a desk writes, with a greeting and a ticket receipt only. */
const ITALIAN = 'greeting: "Buongiorno! Descriva il suo problema in poche parole."\nreceiptTitle: "Ticket n. {id} aperto"\n';

describe("the desk's languages", () => {
  afterEach(() => useMessages());

  it("are French and English, French first, when the configuration says nothing", () => {
    const config = parseDeskConfig(withLanguages(""), "desk.yaml");
    expect(config.desk.languages).to.deep.equal(["fr", "en"]);
    expect(config.desk.defaultLocale).to.equal("fr");
  });

  it("take a language a desk adds as its own catalogue file, the first listed being the default", () => {
    const dir = messagesDir({ "it.yaml": ITALIAN });
    const config = parseDeskConfig(withLanguages("  languages: [it, fr, en]"), "desk.yaml", dir);
    expect(config.desk.defaultLocale).to.equal("it");
    useMessages(loadMessageOverrides(config.messages, dir), languagesOfDesk(config.desk));
    expect(offeredLanguages()).to.deep.equal(["it", "fr", "en"]);
    expect(texts("it").greeting).to.equal("Buongiorno! Descriva il suo problema in poche parole.");
    expect(texts("it").receiptTitle(42)).to.equal("Ticket n. 42 aperto");
    expect(texts("fr").receiptTitle(42)).to.equal("Ticket n°42 ouvert");
  });

  it("say what a desk's catalogue lacks in the default language, or the first shipped one when the desk wrote the default", () => {
    const dir = messagesDir({ "it.yaml": ITALIAN });
    const overrides = loadMessageOverrides({}, dir);
    useMessages(overrides, { offered: ["en", "it", "fr"], default: "en" });
    expect(texts("it").noMatch).to.equal(texts("en").noMatch);
    useMessages(overrides, { offered: ["it", "fr", "en"], default: "it" });
    expect(texts("it").noMatch).to.equal(texts("fr").noMatch);
  });

  it("stop the start on a listed language without a catalogue, with the configuration's file and line", () => {
    const text = withLanguages("  languages: [fr, en, it]\n  defaultLocale: fr");
    const line = text.split("\n").findIndex((l) => l.includes("languages: [fr, en, it]")) + 1;
    expect(() => parseDeskConfig(text, "desk.yaml", messagesDir({}))).to.throw(
      ConfigError,
      new RegExp(`desk\\.yaml:${line}: desk\\.languages\\.2: no message catalogue for "it": guichet ships .*write it\\.yaml in GUICHET_MESSAGES_DIR`),
    );
  });

  it("take a language whose messages are under the configuration's messages:", () => {
    const text = withLanguages("  languages: [fr, en, it]\n  defaultLocale: fr").replace(/^messages: \{\}$/m, 'messages:\n  it:\n    greeting: "Ciao!"');
    const config = parseDeskConfig(text, "desk.yaml");
    useMessages(loadMessageOverrides(config.messages), languagesOfDesk(config.desk));
    expect(texts("it").greeting).to.equal("Ciao!");
  });

  it("refuse a default language, a person's language or a catalogue the desk does not offer", () => {
    expect(() => parseDeskConfig(withLanguages("  languages: [en]\n  defaultLocale: fr"), "desk.yaml")).to.throw(ConfigError, /desk\.defaultLocale: "fr" is not one of desk\.languages \(en\)/);
    expect(() => parseDeskConfig(withLanguages("  languages: [fr]"), "desk.yaml")).to.throw(ConfigError, /people\.1\.locale: "en" is not one of desk\.languages \(fr\)/);
    const text = withLanguages("  defaultLocale: fr").replace(/^messages: \{\}$/m, 'messages:\n  it:\n    greeting: "Ciao!"');
    expect(() => parseDeskConfig(text, "desk.yaml")).to.throw(ConfigError, /messages\.it: the desk does not offer "it": add it to desk\.languages/);
  });

  it("read a platform's locale as an offered language, and nothing when the desk does not offer it", () => {
    useMessages(new Map(), { offered: ["fr", "en", "it"], default: "fr" });
    expect(offeredLanguageOf("it-IT")).to.equal("it");
    expect(offeredLanguageOf("en_US")).to.equal("en");
    expect(offeredLanguageOf("pt-BR")).to.equal(undefined);
    expect(offeredLanguageOf(undefined)).to.equal(undefined);
  });

  it("name a label in a language the desk added, or in the default language when the label has none", () => {
    useMessages(new Map(), { offered: ["fr", "en", "it"], default: "fr" });
    expect(localize({ fr: "Réseau", en: "Network", it: "Rete" }, "it")).to.equal("Rete");
    expect(localize({ fr: "Réseau", en: "Network" }, "it")).to.equal("Réseau");
  });
});

describe("language detection", () => {
  afterEach(() => useMessages());

  it("tells French from English, and keeps the fallback when it cannot tell", () => {
    expect(detectLanguage("j'ai oublié mon mot de passe", "en")).to.equal("fr");
    expect(detectLanguage("I forgot my password", "fr")).to.equal("en");
    expect(detectLanguage("vpn", "en")).to.equal("en");
  });

  it("answers only in a language the desk offers: German is the fallback's until the desk offers German", () => {
    const german = "Ich habe mein Passwort vergessen, bitte helfen Sie mir";
    expect(detectLanguage(german, "fr")).to.equal("fr");
    useMessages(new Map(), { offered: ["fr", "en", "de"], default: "fr" });
    expect(detectLanguage(german, "fr")).to.equal("de");
    useMessages(new Map(), { offered: ["de", "en"], default: "de" });
    expect(detectLanguage("j'ai oublié mon mot de passe", "de")).to.equal("de");
  });
});
