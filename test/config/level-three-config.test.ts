import { expect } from "chai";
import { readFileSync } from "node:fs";
import { DEFAULT_DESK_CONFIG_FILE, parseDeskConfig } from "../../src/config/desk-config";
import { ConfigError } from "../../src/config/env";

const NETWORK = "escalatesTo: [infrastructure] }";
const INFRASTRUCTURE = "channel: { slack: C0EXPINF01 } }";

/** The shipped configuration with one of its texts replaced; it must be there once. */
function shippedWith(from: string, to: string): string {
  const text = readFileSync(DEFAULT_DESK_CONFIG_FILE, "utf8");
  expect(text.split(from), from).to.have.length(2);
  return text.replace(from, to);
}

/** The line of the first occurrence of `needle`, counted from 1 as an editor does. */
const lineOf = (text: string, needle: string) => text.split("\n").findIndex((l) => l.includes(needle)) + 1;

function errorOf(text: string): string {
  try {
    parseDeskConfig(text, "desk.yaml");
  } catch (error) {
    expect(error).to.be.instanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("the configuration was accepted");
}

/** Level 3 (seed 002): `expertGroups[].escalatesTo` is checked once, at start-up, with the file and line. */
describe("desk configuration: level-3 specialists (escalatesTo)", () => {
  it("ships the network experts handing on to the infrastructure specialists", () => {
    const config = parseDeskConfig(readFileSync(DEFAULT_DESK_CONFIG_FILE, "utf8"), "desk.yaml");
    expect(config.expertGroups.find((g) => g.id === "network")?.escalatesTo).to.deep.equal(["infrastructure"]);
    // A group that names none hands nothing on.
    expect(config.expertGroups.find((g) => g.id === "identity")?.escalatesTo).to.deep.equal([]);
  });

  it("refuses a group that is not declared, on its line, listing the declared ones", () => {
    const text = shippedWith(NETWORK, "escalatesTo: [infrastructures] }");
    const line = lineOf(text, "escalatesTo: [infrastructures]");
    expect(errorOf(text)).to.match(new RegExp(`desk\\.yaml:${line}: expertGroups\\.1\\.escalatesTo\\.0: unknown expert group "infrastructures" \\(declared: identity, network, `));
  });

  it("refuses a group that hands on to itself", () => {
    const text = shippedWith(NETWORK, "escalatesTo: [network] }");
    const line = lineOf(text, "escalatesTo: [network]");
    expect(errorOf(text)).to.include(`desk.yaml:${line}: expertGroups.1.escalatesTo.0: "network" cannot hand tickets on to itself: name another expert group`);
  });

  it("refuses a chain of escalatesTo that comes back to where it began, naming the groups in turn", () => {
    const text = shippedWith(INFRASTRUCTURE, "channel: { slack: C0EXPINF01 }, escalatesTo: [apps] }")
      .replace("channel: { slack: C0EXPAPP01 } }", "channel: { slack: C0EXPAPP01 }, escalatesTo: [network] }");
    const line = lineOf(text, "escalatesTo: [infrastructure]");
    expect(errorOf(text)).to.include(`desk.yaml:${line}: expertGroups.1.escalatesTo.0: "network" → "infrastructure" → "apps" → "network" is a cycle: remove one of these escalatesTo`);
  });

  it("accepts two groups handing on to the same specialists, which is no cycle", () => {
    const text = shippedWith("channel: { slack: C0EXPAPP01 } }", "channel: { slack: C0EXPAPP01 }, escalatesTo: [infrastructure] }");
    const config = parseDeskConfig(text, "desk.yaml");
    expect(config.expertGroups.filter((g) => g.escalatesTo.includes("infrastructure")).map((g) => g.id)).to.deep.equal(["network", "apps"]);
  });
});
