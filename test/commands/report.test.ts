import { expect } from "chai";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { runReport } from "../../src/commands/report";
import { Store } from "../../src/store/data-source";
import { REPORT_TIME, seedReportWeek } from "../core/reports/report-fixtures";
import { captureIo } from "./command-io";

describe("guichet report", () => {
  let env: NodeJS.ProcessEnv;
  before(async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "guichet-report-")), "desk.sqlite");
    const store = await Store.open({ sqliteFile: file });
    await seedReportWeek(store);
    await store.close();
    env = { GUICHET_DB_FILE: file };
  });
  const report = async (...argv: string[]) => {
    const io = captureIo();
    const code = await runReport(argv, io, { env, now: () => REPORT_TIME });
    return { code, out: io.out(), err: io.err() };
  };

  it("prints the week's figures as text, --until counting its whole day", async () => {
    const { code, out } = await report("--since", "2026-11-16", "--until", "2026-11-22");
    expect(code).to.equal(0);
    expect(out.split("\n")[0]).to.equal("Bilan du lundi 16 novembre 2026 au dimanche 22 novembre 2026");
    expect(out).to.contain("Tickets ouverts : 5 (4 incidents, 1 demandes) ; 3 résolus, 1 encore ouverts\n");
  });

  it("covers the 7 days before now by default", async () => {
    const { out } = await report("--lang", "en");
    expect(out.split("\n")[0]).to.equal("Report from Monday 16 November 2026 at 09:00 to Monday 23 November 2026 at 09:00");
  });

  it("prints CSV and JSON", async () => {
    const csv = await report("--since", "2026-11-16", "--until", "2026-11-22", "--format", "csv");
    expect(csv.out).to.contain("\r\nsla_take_in_charge,met_rate,0.75\r\n");
    const json = JSON.parse((await report("--since", "2026-11-16", "--until", "2026-11-22", "--format", "json")).out);
    expect(json.times.resolve).to.deep.equal({ count: 3, medianMinutes: 270, p90Minutes: 750, meanMinutes: 410 });
    expect(json.since).to.equal("2026-11-15T23:00:00.000Z");
  });

  it("writes the page and the digest's picture with --format html or png and --output", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "guichet-report-"));
    const html = await report("--since", "2026-11-16", "--until", "2026-11-22", "--format", "html");
    expect(html.out.startsWith("<!doctype html>")).to.equal(true);
    expect((await report("--since", "2026-11-16", "--until", "2026-11-22", "--format", "png", "--output", path.join(dir, "chart.png"))).code).to.equal(0);
    const png = readFileSync(path.join(dir, "chart.png"));
    expect([png.subarray(1, 4).toString("ascii"), png.readUInt32BE(16), png.readUInt32BE(20)]).to.deep.equal(["PNG", 760, 900]);
  });

  it("refuses a bad date or format with a message and the usage (exit 2)", async () => {
    const bad = await report("--since", "16/11/2026");
    expect(bad.code).to.equal(2);
    expect(bad.err).to.match(/^guichet report: --since: "16\/11\/2026" is not a date \(YYYY-MM-DD\)\n\nUsage: guichet report/);
    expect((await report("--format", "xml")).err).to.match(/--format must be text, csv, json, html or png/);
    expect((await report("--since", "2026-11-20", "--until", "2026-11-19")).err).to.match(/--since must be before --until/);
  });

  it("says which database it could not open (exit 1)", async () => {
    const io = captureIo();
    // A folder that is a file: the database cannot be created under it.
    const notAFolder = path.join(mkdtempSync(path.join(tmpdir(), "guichet-report-")), "file");
    writeFileSync(notAFolder, "");
    const code = await runReport([], io, { env: { GUICHET_DB_FILE: path.join(notAFolder, "desk.sqlite") } });
    expect(code).to.equal(1);
    expect(io.err()).to.match(/^guichet report: /);
  });
});
