import { expect } from "chai";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse, stringify } from "yaml";
import { runSlaSimulate } from "../../src/commands/sla-simulate";
import { DEFAULT_DESK_CONFIG_FILE } from "../../src/config/desk-config";
import { Store } from "../../src/store/data-source";
import { REPORT_TIME, seedReportWeek } from "../core/reports/report-fixtures";
import { captureIo } from "./command-io";

describe("guichet sla simulate", () => {
  let env: NodeJS.ProcessEnv;
  let dir: string;
  let candidate: string;
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "guichet-simulate-"));
    const store = await Store.open({ sqliteFile: path.join(dir, "desk.sqlite") });
    await seedReportWeek(store);
    await store.close();
    env = { GUICHET_DB_FILE: path.join(dir, "desk.sqlite") };
    // The candidate of the simulation test, written as a desk configuration file would be.
    const config = parse(readFileSync(DEFAULT_DESK_CONFIG_FILE, "utf8"));
    Object.assign(config.sla, { takeInCharge: "1h", firstAnswer: "1.5h" });
    config.sla.resolve.high = "2d";
    config.categories.find((c: { id: string }) => c.id === "accounts").escalateAfter = "3d";
    config.calendar.closures.push({ from: "2026-11-18", to: "2026-11-18", label: "Formation" });
    candidate = path.join(dir, "candidate.yaml");
    writeFileSync(candidate, stringify(config));
  });
  const simulate = async (...argv: string[]) => {
    const io = captureIo();
    const code = await runSlaSimulate(argv, io, { env, now: () => REPORT_TIME });
    return { code, out: io.out(), err: io.err() };
  };

  it("prints the current and candidate figures side by side, then the tickets that change", async () => {
    const { code, out } = await simulate("--config", candidate, "--since", "2026-11-16", "--until", "2026-11-22");
    expect(code).to.equal(0);
    const lines = out.split("\n");
    expect(lines[0]).to.equal("Simulation des engagements : 5 tickets ouverts du lundi 16 novembre 2026 au dimanche 22 novembre 2026, rejoués le lundi 23 novembre 2026 à 09:00");
    expect(lines[1]).to.equal(`Règles candidates : ${candidate}`);
    const row = (label: string) => lines.find((l) => l.startsWith(label))?.split(/ {3,}/);
    expect(row("Engagements tenus")).to.deep.equal(["Engagements tenus", "actuelles", "candidates"]);
    expect(row("  prise en charge")).to.deep.equal(["  prise en charge", "3/4 (75 %)", "2/4 (50 %)"]);
    expect(row("  résolution")).to.deep.equal(["  résolution", "2/3 (66,7 %), 1 en cours", "3/3 (100 %), 1 en cours"]);
    expect(row("  haute · résolution")).to.deep.equal(["  haute · résolution", "0/1 (0 %)", "1/1 (100 %)"]);
    expect(row("Escalades automatiques ")).to.deep.equal(["Escalades automatiques", "2", "1"]);
    expect(out).to.contain([
      "Engagements tenus qui ne le seraient plus : 2",
      "  n°1 · première réponse : 2 h 00 pour 4 h 00 → 2 h 00 pour 1 h 30",
      "  n°2 · prise en charge : 4 h 00 pour 15 h 00 → 4 h 00 pour 1 h 00",
      "",
      "Engagements manqués qui seraient tenus : 1",
      "  n°2 · résolution : 12 h 30 pour 7 h 30 → 11 h 00 pour 15 h 00",
      "",
      "Escalades automatiques en plus : aucune ; en moins : n°4",
    ].join("\n"));
  });

  it("speaks English with --lang en, and gives every figure with --format json", async () => {
    const en = await simulate("--config", candidate, "--since", "2026-11-16", "--until", "2026-11-22", "--lang", "en");
    expect(en.out).to.contain("  #2 · take-in-charge: 4 h 00 of 15 h 00 → 4 h 00 of 1 h 00\n");
    const json = JSON.parse((await simulate("--config", candidate, "--since", "2026-11-16", "--until", "2026-11-22", "--format", "json")).out);
    expect(json.candidate.targets.first_answer).to.deep.equal({ met: 1, missed: 3, pending: 0, metRate: 0.25 });
    expect(json.metToMissed[0]).to.deep.equal({
      ticketId: 1, metric: "first_answer", current: { workingMinutes: 120, targetMinutes: 240 }, candidate: { workingMinutes: 120, targetMinutes: 90 },
    });
  });

  it("refuses a candidate with errors, naming its file and line (exit 2)", async () => {
    const broken = path.join(dir, "broken.yaml");
    writeFileSync(broken, readFileSync(candidate, "utf8").replace("takeInCharge: 1h", "takeInCharge: soon"));
    const { code, err } = await simulate("--config", broken);
    expect(code).to.equal(2);
    expect(err).to.match(new RegExp(`${broken.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:\\d+: sla\\.takeInCharge: write a working-time duration`));
    expect((await simulate()).err).to.match(/--config is required/);
  });
});
