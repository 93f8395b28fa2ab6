import { expect } from "chai";
import { buildDeskReport, type DeskReport } from "../../../src/core/reports/desk-report";
import { formatReportCsv, formatReportText } from "../../../src/core/reports/report-format";
import type { Store } from "../../../src/store/data-source";
import { TEST_DATABASES } from "../../support/test-store";
import { deskConfig, office } from "../sla/sla-fixtures";
import { REPORT_TIME, seedReportWeek, WEEK } from "./report-fixtures";

for (const db of TEST_DATABASES) {
  describe(`desk report on ${db.name}`, () => {
    let store: Store;
    let report: DeskReport;
    before(async () => {
      store = await db.open();
      await seedReportWeek(store);
      report = await buildDeskReport(store.manager, deskConfig, office, WEEK, REPORT_TIME);
    });
    after(async () => store.close());

    it("counts the tickets opened in the week, by kind and outcome", () => {
      expect(report.tickets).to.deep.equal({ created: 5, incidents: 4, requests: 1, resolved: 3, stillOpen: 1 });
    });

    it("counts them by category, channel and priority, largest first", () => {
      expect(report.byCategory.map((c) => [c.id, c.count])).to.deep.equal([["accounts", 2], ["network", 1], ["printing", 1], ["software", 1]]);
      expect(report.byCategory[0].label).to.equal("Comptes et mots de passe");
      expect(report.byChannel.map((c) => [c.id, c.count])).to.deep.equal([["slack", 3], ["console", 1], ["teams", 1]]);
      expect(report.byPriority.map((c) => [c.id, c.count])).to.deep.equal([["normal", 4], ["high", 1]]);
    });

    it("gives the median and 90th percentile of working time to each step", () => {
      expect(report.times).to.deep.equal({
        acknowledge: { count: 5, medianMinutes: 0, p90Minutes: 0 },
        take_in_charge: { count: 3, medianMinutes: 60, p90Minutes: 240 },
        first_answer: { count: 3, medianMinutes: 120, p90Minutes: 300 },
        resolve: { count: 3, medianMinutes: 270, p90Minutes: 750 },
      });
    });

    it("counts each commitment met, missed (overdue ones included) and still running", () => {
      expect(report.sla.acknowledge).to.deep.equal({ met: 5, missed: 0, pending: 0, metRate: 1 });
      expect(report.sla.take_in_charge).to.deep.equal({ met: 3, missed: 1, pending: 0, metRate: 0.75 });
      expect(report.sla.first_answer).to.deep.equal({ met: 2, missed: 2, pending: 0, metRate: 0.5 });
      expect(report.sla.resolve).to.deep.equal({ met: 2, missed: 1, pending: 1, metRate: 2 / 3 });
    });

    it("gives the escalation rate, the automatic escalations and the deflections", () => {
      expect(report.escalations).to.deep.equal({ count: 1, automatic: 1, rate: 0.2 });
      expect(report.deflections).to.deep.equal({ count: 2, rate: 2 / 7 });
      expect(report.majorIncidents).to.deep.equal({ declared: 1 });
    });

    it("gives the satisfaction of the tickets closed in the week", () => {
      expect(report.satisfaction).to.deep.equal({ responses: 3, average: 11 / 3, distribution: [0, 1, 0, 1, 1] });
    });
  });
}

describe("report formats", () => {
  let report: DeskReport;
  before(async () => {
    const store = await TEST_DATABASES[0].open();
    await seedReportWeek(store);
    report = await buildDeskReport(store.manager, deskConfig, office, WEEK, REPORT_TIME);
    await store.close();
  });

  it("writes the text for people, in French", () => {
    expect(formatReportText(report, "fr")).to.equal([
      "Bilan du lundi 16 novembre 2026 au dimanche 22 novembre 2026",
      "Tickets ouverts : 5 (4 incidents, 1 demandes) ; 3 résolus, 1 encore ouverts",
      "Par catégorie : Comptes et mots de passe 2 · Réseau, Wi-Fi et VPN 1 · Impression 1 · Logiciels et licences 1",
      "Par canal : slack 3 · console 1 · teams 1",
      "Par priorité : normale 4 · haute 1",
      "Délais en temps ouvré (médiane / 90e centile, nombre de tickets) :",
      "  accusé de réception : 0 min / 0 min (5)",
      "  prise en charge : 1 h 00 / 4 h 00 (3)",
      "  première réponse : 2 h 00 / 5 h 00 (3)",
      "  résolution : 4 h 30 / 12 h 30 (3)",
      "Engagements tenus :",
      "  accusé de réception : 5/5 (100 %)",
      "  prise en charge : 3/4 (75 %)",
      "  première réponse : 2/4 (50 %)",
      "  résolution : 2/3 (66,7 %), 1 en cours",
      "Escalades : 1 (20 %), dont 1 automatique",
      "Questions résolues par la base de connaissances, sans ticket : 2 (28,6 %)",
      "Satisfaction : 3,7/5 sur 3 réponses (1★ 0, 2★ 1, 3★ 0, 4★ 1, 5★ 1)",
      "Incidents majeurs déclarés : 1",
      "",
    ].join("\n"));
  });

  it("writes the text in English without a space before colons", () => {
    const text = formatReportText(report, "en");
    expect(text.split("\n").slice(0, 2)).to.deep.equal([
      "Report from Monday 16 November 2026 to Sunday 22 November 2026",
      "Tickets opened: 5 (4 incidents, 1 requests); 3 resolved, 1 still open",
    ]);
    expect(text).to.contain("  resolution: 2/3 (66.7%), 1 running\n");
  });

  it("writes one figure per CSV row, with CRLF line ends", () => {
    const csv = formatReportCsv(report);
    expect(csv.startsWith("section,item,value\r\n")).to.equal(true);
    for (const row of [
      "tickets,created,5", "category,accounts,2", "channel,teams,1", "time_to_resolve,median_minutes,270", "time_to_resolve,p90_minutes,750",
      "sla_resolve,met_rate,0.6667", "sla_first_answer,missed,2", "escalations,automatic,1", "deflections,rate,0.2857",
      "satisfaction,average,3.67", "satisfaction,score_2,1",
    ]) {
      expect(csv).to.contain(`\r\n${row}\r\n`);
    }
  });
});
