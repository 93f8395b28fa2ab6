import { expect } from "chai";
import { readFileSync } from "node:fs";
import { DEFAULT_DESK_CONFIG_FILE, loadDeskConfig, parseDeskConfig } from "../../src/config/desk-config";
import { ConfigError } from "../../src/config/env";

const shipped = () => readFileSync(DEFAULT_DESK_CONFIG_FILE, "utf8");

function errorOf(text: string): string {
  try {
    parseDeskConfig(text, "desk.yaml");
  } catch (error) {
    expect(error).to.be.instanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("the configuration was accepted");
}

describe("desk configuration", () => {
  it("ships a default that loads, with the seeds' commitments", () => {
    const config = loadDeskConfig();
    expect(config.sla.firstAnswer).to.equal("4h");
    expect(config.sla.takeInCharge).to.equal("2d");
    expect(config.calendar.timezone).to.equal("Europe/Paris");
    expect(config.teams.map((t) => t.id)).to.deep.equal(["desk", "logistics", "identity", "workplace"]);
  });

  it("names the file, the line and the field of a bad value", () => {
    const text = shipped().replace("  reminderAt: 0.75", "  reminderAt: 7.5");
    const line = text.split("\n").findIndex((l) => l.includes("reminderAt: 7.5")) + 1;
    expect(errorOf(text)).to.include(`desk.yaml:${line}: sla.reminderAt:`);
  });

  it("refuses a routing rule that names an unknown team, listing the known ones", () => {
    const text = shipped().replace("- { team: logistics, categories: [buildings] }", "- { team: logistic, categories: [buildings] }");
    expect(errorOf(text)).to.match(/routing\.0\.team: unknown team "logistic" \(declared: desk, logistics, identity, workplace\)/);
  });

  it("refuses a duration it cannot read and says how to write one", () => {
    const text = shipped().replace("firstAnswer: 4h", "firstAnswer: four hours");
    expect(errorOf(text)).to.match(/sla\.firstAnswer: write a working-time duration such as "30m", "4h" or "2d"/);
  });

  it("refuses a label cut in two by an unquoted comma, instead of keeping half of it", () => {
    const text = shipped().replace('label: { fr: "Réseau, Wi-Fi et VPN", en: "Network, Wi-Fi and VPN" }', "label: { fr: Réseau, Wi-Fi et VPN, en: Network }");
    expect(errorOf(text)).to.match(/categories\.1\.label\.Wi-Fi et VPN: Unrecognized key: "Wi-Fi et VPN"/);
  });

  it("keeps the category id of requests that match none for itself", () => {
    const text = shipped().replace("  - id: printing\n", "  - id: uncategorised\n");
    expect(errorOf(text)).to.match(/categories\.3\.id: "uncategorised" is reserved for requests that match no category: pick another id/);
  });

  it("refuses an out-of-scope theme with no word to recognise it", () => {
    const text = shipped().replace("  - keywords: [diplôme, diploma, attestation de réussite, relevé de notes, transcript]", "  - keywords: []");
    expect(errorOf(text)).to.match(/outOfScope\.0\.keywords: give at least one word that recognises these requests/);
  });

  it("refuses a form field's pattern that is not a regular expression, on its line", () => {
    const text = shipped().replace('pattern: "^[a-z0-9.-]+$"', 'pattern: "^[a-z0-9.-+$"');
    const line = text.split("\n").findIndex((l) => l.includes('pattern: "^[a-z0-9.-+$"')) + 1;
    expect(errorOf(text)).to.match(new RegExp(`desk\\.yaml:${line}: requestTypes\\.0\\.fields\\.0\\.pattern: not a regular expression \\(`));
  });

  it("refuses an identity given to two people, naming both", () => {
    const people = shipped()
      .replace("{ name: Bruno Agent, role: agent, console: bruno }", "{ name: Bruno Agent, role: agent, console: bruno, slack: [U0SHARED], email: b@univ.fr }")
      .replace("{ name: Lea Support, role: agent, console: lea }", "{ name: Lea Support, role: agent, console: bruno, slack: [U0SHARED], email: B@UNIV.FR }")
      .replace("{ name: Marie Directrice, role: manager, console: marie }", "{ name: Marie Directrice, role: manager, console: marie, teams: [aad-1, aad-1] }");
    const message = errorOf(people);
    expect(message).to.match(/people\.3\.console: the console login "bruno" of Lea Support is also given to Bruno Agent \(people\.2\)/);
    expect(message).to.match(/people\.3\.slack\.0: the Slack id U0SHARED of Lea Support is also given to Bruno Agent \(people\.2\)/);
    expect(message).to.match(/people\.3\.email: the email B@UNIV\.FR of Lea Support is also given to Bruno Agent/);
    expect(message, "twice for the same person is harmless").not.to.match(/aad-1/);
  });

  it("reports broken YAML with its line", () => {
    expect(errorOf("teams:\n  - id: desk\n   label: x\n")).to.match(/desk\.yaml:3: /);
  });

  it("refuses an unknown key instead of ignoring a typo", () => {
    expect(errorOf(`${shipped()}\nslaa: {}\n`)).to.match(/Unrecognized key/i);
  });

  it("says which file it could not read", () => {
    expect(() => loadDeskConfig("/nonexistent/desk.yaml")).to.throw(ConfigError, /Cannot read the desk configuration \/nonexistent\/desk\.yaml/);
  });
});
