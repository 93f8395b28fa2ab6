import { expect } from "chai";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { runExport } from "../../src/commands/export";
import { EXPORT_COLUMNS, OPEN_EXPORT_COLUMNS } from "../../src/core/reports/tickets-export";
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
      "2026-11-16T11:00:00+01:00", "", "2026-11-16T15:00:00+01:00", "2026-11-17T10:00:00+01:00", "60", "120", "270", "0", "5", "teacher", "0",
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

  describe("of the tickets open at a date", () => {
    const rows = (out: string) => out.split("\r\n").filter(Boolean).slice(1).map((line) => line.split(","));

    it("lists the tickets open then, with their status then and their age in days and working days", async () => {
      const { code, out } = await exported("--open-at", "2026-11-17T10:30");
      expect(code).to.equal(0);
      expect(out.startsWith(`${OPEN_EXPORT_COLUMNS.join(",")}\r\n`)).to.equal(true);
      // #2 opened Monday 14:00 (20 h 30 before: 0.9 day; 210 + 120 working minutes: 0.7 of a 450-minute day),
      // escalated at 10:30; #3 opened Tuesday 08:30 (120 working minutes: 0.3), waiting for its requester since 10:00.
      // #1 was resolved on Monday, #6 closed, #4 and #5 not yet opened.
      expect(rows(out).map((r) => r.slice(0, 5))).to.deep.equal([
        ["2026-11-17T10:30:00+01:00", "escalated", "0.9", "0.7", "2"],
        ["2026-11-17T10:30:00+01:00", "waiting_requester", "0.1", "0.3", "3"],
      ]);
    });

    it("reads a day alone as its start, and shows the blocking tag and the profile", async () => {
      const { out } = await exported("--open-at", "2026-11-20");
      // #4, opened Wednesday 10:00: 38 h before, 360 + 450 working minutes (1.8 days); tagged blocking, staff.
      const [row] = rows(out);
      expect(rows(out)).to.have.length(1);
      expect([...row.slice(0, 5), ...row.slice(-2)]).to.deep.equal(["2026-11-20T00:00:00+01:00", "acknowledged", "1.6", "1.8", "4", "staff", "1"]);
    });

    it("goes alone, and not into the future", async () => {
      expect((await exported("--open-at", "2026-11-20", "--since", "2026-11-16")).err).to.match(/--open-at goes alone/);
      expect((await exported("--open-at", "2026-12-01")).err).to.match(/--open-at is in the future/);
    });
  });

  it("requires --since and refuses a date it cannot read (exit 2)", async () => {
    expect(await exported()).to.deep.include({ code: 2 });
    expect((await exported("--since", "yesterday")).err).to.match(/^guichet export: --since: "yesterday" is not a date/);
  });
});
