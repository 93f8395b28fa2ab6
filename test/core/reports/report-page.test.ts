import { expect } from "chai";
import { deskConfigSchema } from "../../../src/config/desk-config-schema";
import { buildDeskReport, type DeskReport } from "../../../src/core/reports/desk-report";
import { reportPage } from "../../../src/core/reports/report-page";
import { TEST_DATABASES } from "../../support/test-store";
import { deskConfig, office } from "../sla/sla-fixtures";
import { REPORT_TIME, seedReportWeek, WEEK } from "./report-fixtures";

describe("report page", () => {
  let report: DeskReport;
  before(async () => {
    // A label with markup in it, as a configuration may have: the page must show it, not run it.
    const config = deskConfigSchema.parse({
      ...deskConfig,
      categories: deskConfig.categories.map((c) => (c.id === "accounts" ? { ...c, label: { fr: "Comptes <script>alert(1)</script> & co", en: "Accounts" } } : c)),
    });
    const store = await TEST_DATABASES[0].open();
    await seedReportWeek(store);
    report = await buildDeskReport(store.manager, config, office, WEEK, REPORT_TIME);
    await store.close();
  });

  it("is one page with the three charts inline, the font embedded, and nothing fetched or run", () => {
    const html = reportPage(report, "fr");
    expect(html.startsWith("<!doctype html>\n<html lang=\"fr\">")).to.equal(true);
    expect(html.match(/<svg class="chart"/g)).to.have.length(3);
    expect([...html.matchAll(/data-chart="(\w+)"/g)].map((m) => m[1])).to.deep.equal(["daily", "commitments", "backlog"]);
    expect(html).not.to.match(/<script/i);
    expect(html).not.to.match(/(src|href)=["']?(https?:)?\/\//i);
    expect(html).to.contain("default-src 'none'");
    expect(html).to.match(/@font-face \{ font-family: "DejaVu Sans"; font-weight: normal; src: url\(data:font\/ttf;base64,/);
  });

  it("has the report's figures as tables: times with the mean, commitments, backlog, profiles, counts", () => {
    const html = reportPage(report, "fr");
    expect(html).to.contain("<title>Bilan du lundi 16 novembre 2026 au dimanche 22 novembre 2026</title>");
    expect(html).to.contain('<tr><th scope="row">résolution</th><td>4 h 30</td><td>12 h 30</td><td>6 h 50</td><td>3</td></tr>');
    expect(html).to.contain('<tr><th scope="row">prise en charge</th><td>3</td><td>1</td><td>0</td><td>75 %</td></tr>');
    expect(html).to.contain('<tr><th scope="row">3 à 7 jours</th><td>1</td><td>1</td></tr>');
    expect(html).to.contain('<tr><th scope="row">Enseignants</th><td>2</td><td>2</td><td>4 h 00</td>');
    expect(html).to.contain("Comptes &lt;script&gt;alert(1)&lt;/script&gt; &amp; co");
  });

  it("speaks English with lang en", () => {
    const html = reportPage(report, "en");
    expect(html).to.contain('<html lang="en">');
    expect(html).to.contain("<title>Report from Monday 16 November 2026 to Sunday 22 November 2026</title>");
    expect(html).to.contain("Tickets opened and resolved per day");
    expect(html).not.to.contain("Tickets ouverts");
  });
});
