import { expect } from "chai";
import { parseDeskConfig } from "../../../src/config/desk-config";
import { slaPolicyFor, workingDurationMs } from "../../../src/core/sla/sla-policy";
import { deskConfig, office } from "./sla-fixtures";

const minutes = (ms: number) => ms / 60_000;

/** The shipped configuration with some YAML added under `sla:` and a category's own targets. */
function configWith(sla: string, categorySla?: string) {
  const yaml = [
    "teams: [{ id: desk, label: Desk }]",
    "expertGroups: [{ id: network, label: Network }]",
    "categories:",
    "  - { id: network, label: Network, expertGroup: network, escalateAfter: 4h" + (categorySla ? `, sla: ${categorySla}` : "") + " }",
    "  - { id: other, label: Other, escalateAfter: 1d }",
    "sla:",
    ...sla.split("\n").map((l) => `  ${l}`),
  ].join("\n");
  return parseDeskConfig(yaml, "test.yaml");
}

describe("SLA policy", () => {
  it("reads durations as working time, a day being the calendar's standard day of 7 h 30", () => {
    expect(minutes(workingDurationMs(office, "30m"))).to.equal(30);
    expect(minutes(workingDurationMs(office, "4h"))).to.equal(240);
    expect(minutes(workingDurationMs(office, "2d"))).to.equal(900);
    expect(minutes(workingDurationMs(office, "0.5d"))).to.equal(225);
  });

  it("gives a ticket the desk's targets, with the resolution target of its priority", () => {
    const policy = slaPolicyFor(deskConfig, office, { category: "accounts", priority: "high" });
    expect(Object.fromEntries(Object.entries(policy.targets).map(([k, v]) => [k, v.duration]))).to.deep.equal({
      acknowledge: "1h", take_in_charge: "2d", first_answer: "4h", resolve: "1d",
    });
    expect(policy.reminderAt).to.equal(0.75);
    expect(policy.autoClose.duration).to.equal("5d");
  });

  it("lets a priority's targets replace the desk's", () => {
    const config = configWith("priorities:\n  critical: { takeInCharge: 1h, firstAnswer: 30m }");
    const critical = slaPolicyFor(config, office, { category: "other", priority: "critical" });
    expect([critical.targets.take_in_charge.duration, critical.targets.first_answer.duration, critical.targets.resolve.duration]).to.deep.equal(["1h", "30m", "4h"]);
    expect(slaPolicyFor(config, office, { category: "other", priority: "normal" }).targets.take_in_charge.duration).to.equal("2d");
  });

  it("lets a category's targets win over its priority's, with one resolution target per priority or one for all", () => {
    const perPriority = configWith("priorities:\n  critical: { firstAnswer: 30m, resolve: 2h }", "{ firstAnswer: 1h, resolve: { critical: 1h } }");
    const critical = slaPolicyFor(perPriority, office, { category: "network", priority: "critical" });
    expect([critical.targets.first_answer.duration, critical.targets.resolve.duration]).to.deep.equal(["1h", "1h"]);
    expect(slaPolicyFor(perPriority, office, { category: "network", priority: "low" }).targets.resolve.duration).to.equal("5d");
    const forAll = configWith("reminderAt: 0.5", "{ resolve: 2d }");
    expect(slaPolicyFor(forAll, office, { category: "network", priority: "critical" }).targets.resolve.duration).to.equal("2d");
  });

  it("escalates automatically only a category that names an expert group and a delay", () => {
    const config = configWith("reminderAt: 0.5");
    expect(slaPolicyFor(config, office, { category: "network", priority: "normal" }).escalation).to.deep.include({ group: "network", duration: "4h" });
    expect(slaPolicyFor(config, office, { category: "other", priority: "normal" }).escalation).to.equal(null);
  });

  it("refuses a malformed target with the file, line and expected form", () => {
    expect(() => configWith("priorities:\n  critical: { takeInCharge: soon }")).to.throw(/test\.yaml:\d+: sla\.priorities\.critical\.takeInCharge: write a working-time duration/);
  });
});
