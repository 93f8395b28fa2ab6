import { expect } from "chai";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { runReport } from "../../src/commands/report";
import { Store } from "../../src/store/data-source";
import { REPORT_TIME, seedReportWeek } from "../core/reports/report-fixtures";
import { captureIo } from "./command-io";

/** Debian's Chromium (.ci/run installs it), started as the machine notes say it works here: no network of its own. */
const CHROMIUM = "/usr/bin/chromium";
const FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

describe("the report page in a browser", function () {
  // Starting a browser on a busy two-core machine takes seconds.
  this.timeout(90_000);
  let browser: Browser;
  let dir: string;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "guichet-report-page-"));
    const store = await Store.open({ sqliteFile: path.join(dir, "desk.sqlite") });
    await seedReportWeek(store);
    await store.close();
    if (!existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}: apt-get install chromium (the CI script does)`);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  });
  after(async () => browser?.close());

  for (const lang of ["fr", "en"] as const) {
    it(`shows the three charts and every table with no console error (${lang})`, async () => {
      const file = path.join(dir, `report-${lang}.html`);
      const io = captureIo();
      const code = await runReport(["--since", "2026-11-16", "--until", "2026-11-22", "--format", "html", "--lang", lang, "--output", file], io, {
        env: { GUICHET_DB_FILE: path.join(dir, "desk.sqlite") },
        now: () => REPORT_TIME,
      });
      expect(code, io.err()).to.equal(0);

      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      const problems: string[] = [];
      page.on("console", (message) => {
        if (message.type() === "error" || message.type() === "warning") problems.push(`${message.type()}: ${message.text()}`);
      });
      page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
      page.on("requestfailed", (request) => problems.push(`request failed: ${request.url()}`));
      await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
      await page.evaluate("document.fonts.ready.then(() => true)");

      const charts = await page.$$eval("svg.chart", (svgs) =>
        svgs.map((svg) => {
          const box = svg.getBoundingClientRect();
          const bars = [...svg.querySelectorAll("path[ecmeta_ssr_type='chart']")].filter((bar) => {
            const size = bar.getBoundingClientRect();
            return size.width > 0 && size.height > 0;
          });
          return { id: svg.getAttribute("data-chart"), width: box.width, height: box.height, bars: bars.length, texts: [...svg.querySelectorAll("text")].map((text) => text.textContent ?? "") };
        }));
      expect(charts.map((c) => c.id)).to.deep.equal(["daily", "commitments", "backlog"]);
      for (const chart of charts) {
        expect(chart.width, chart.id ?? "").to.be.greaterThan(500);
        expect(chart.height, chart.id ?? "").to.be.greaterThan(200);
        expect(chart.bars, `${chart.id} bars drawn`).to.be.greaterThan(0);
      }
      // Opened and resolved on the four working days with tickets; met and missed per commitment; one backlog bar.
      expect(charts.map((c) => c.bars)).to.deep.equal([7, 7, 1]);
      expect(charts[0].texts).to.include(lang === "fr" ? "Tickets ouverts et résolus par jour" : "Tickets opened and resolved per day");
      expect(await page.evaluate(`document.fonts.check('13px "DejaVu Sans"')`)).to.equal(true);
      expect(await page.$$eval("table", (tables) => tables.length)).to.equal(7);

      const shot = await page.screenshot({ fullPage: true });
      writeFileSync(path.join(dir, `report-${lang}.png`), shot);
      expect(shot.subarray(0, 8).toString("hex")).to.equal("89504e470d0a1a0a");
      expect(shot.readUInt32BE(16), "screenshot width").to.equal(1100);
      expect(problems).to.deep.equal([]);
      await page.close();
    });
  }
});
