import { expect } from "chai";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { runExport } from "../../src/commands/export";
import { EXPORT_COLUMNS } from "../../src/core/reports/tickets-export";
import { Store } from "../../src/store/data-source";
import { REPORT_TIME, seedReportWeek } from "../core/reports/report-fixtures";
import { captureIo } from "./command-io";

describe("guichet export", () => {
  let env: NodeJS.ProcessEnv;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "guichet-export-"));
    const store = await Store.open({ sqliteFile: path.join(dir, "desk.sqlite") });
    await seedReportWeek(store);
    await store.close();
    env = { GUICHET_DB_FILE: path.join(dir, "desk.sqlite") };
  });
  const exported = async (...argv: string[]) => {
    const io = captureIo();
    const code = await runExport(argv, io, { env, now: () => REPORT_TIME });
    return { code, out: io.out(), err: io.err() };
  };

  it("writes a header and one CRLF-terminated row per ticket opened since the date", async () => {
    const { code, out } = await exported("--since", "2026-11-16");
    expect(code).to.equal(0);
    expect(out.startsWith(`${EXPORT_COLUMNS.join(",")}\r\n`)).to.equal(true);
    // The title with a line break keeps its bare \n inside quotes: only record ends are CRLF.
    expect(out.split("\r\n").filter(Boolean)).to.have.length(1 + 5);
  });

  it("gives each ticket's dates in the desk's time zone and its working minutes", async () => {
    const { out } = await exported("--since", "2026-11-16", "--until", "2026-11-16");
    const row = out.split("\r\n")[1];
    expect(row).to.equal([
      "1", "2026-11-16T09:00:00+01:00", "incident", "accounts", "normal", "closed", "slack", "desk", "", "1", "",
      '"Imprimante ""HP"" en panne, bureau 12"', "Alice Martin", "Bruno Agent", "2026-11-16T09:00:00+01:00", "2026-11-16T10:00:00+01:00",
      "2026-11-16T11:00:00+01:00", "", "2026-11-16T15:00:00+01:00", "2026-11-17T10:00:00+01:00", "60", "120", "270", "0", "5",
    ].join(","));
  });

  it("quotes what RFC 4180 says to quote and defuses cells a spreadsheet would run as formulas", async () => {
    const { out } = await exported("--since", "2026-11-16");
    expect(out).to.contain(',"\'=HYPERLINK(""http://evil.example"")","Ben, ""the"" Taylor",');
    expect(out).to.contain(',"Ligne 1\nLigne 2",');
    expect(out).to.contain(",'-2+3,");
    expect(out).to.contain(",'@admin,");
  });

  it("writes to a file with --output", async () => {
    const file = path.join(dir, "tickets.csv");
    expect((await exported("--since", "2026-11-13", "--output", file)).code).to.equal(0);
    expect(readFileSync(file, "utf8").split("\r\n").filter(Boolean)).to.have.length(1 + 6);
  });

  it("requires --since and refuses a date it cannot read (exit 2)", async () => {
    expect(await exported()).to.deep.include({ code: 2 });
    expect((await exported("--since", "yesterday")).err).to.match(/^guichet export: --since: "yesterday" is not a date/);
  });
});
