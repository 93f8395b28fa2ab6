import { expect } from "chai";
import { buildDeskReport, type DeskReport } from "../../../src/core/reports/desk-report";
import { formatReportCsv, formatReportText } from "../../../src/core/reports/report-format";
import { exportOpenTicketsCsv } from "../../../src/core/reports/tickets-export";
import { paris } from "../sla/calendar-fixtures";
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

    it("gives the median, 90th percentile and mean of working time to each step", () => {
      expect(report.times).to.deep.equal({
        acknowledge: { count: 5, medianMinutes: 0, p90Minutes: 0, meanMinutes: 0 },
        take_in_charge: { count: 3, medianMinutes: 60, p90Minutes: 240, meanMinutes: 120 },
        first_answer: { count: 3, medianMinutes: 120, p90Minutes: 300, meanMinutes: 160 },
        resolve: { count: 3, medianMinutes: 270, p90Minutes: 750, meanMinutes: 410 },
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

    it("extracts the tickets open at an instant from the audit log, a resolved one left out", async () => {
      const lines: string[] = [];
      for await (const line of exportOpenTicketsCsv(store.manager, deskConfig, office, paris("2026-11-16T16:00"), REPORT_TIME)) lines.push(line);
      // #1 was resolved at 15:00 (closed only the next day); #2, opened at 14:00, waited for someone to claim it.
      expect(lines.slice(1).map((l) => l.split(",").slice(1, 5))).to.deep.equal([["acknowledged", "0.1", "0.3", "2"]]);
    });

    it("gives the satisfaction of the tickets closed in the week", () => {
      expect(report.satisfaction).to.deep.equal({ responses: 3, average: 11 / 3, distribution: [0, 1, 0, 1, 1] });
    });

    it("breaks the figures down by profile, in the configuration's order, tickets without one last", () => {
      const tally = (met: number, missed: number, pending: number) => ({ met, missed, pending, metRate: met + missed ? met / (met + missed) : null });
      expect(report.byProfile.map((p) => [p.id, p.label, p.created, p.resolved])).to.deep.equal([
        ["staff", "Personnels", 1, 0], ["teacher", "Enseignants", 2, 2], ["student", "Étudiants", 1, 1], [null, "profil non renseigné", 1, 0],
      ]);
      const [staff, teacher, student, none] = report.byProfile;
      expect(teacher.resolve).to.deep.equal({ count: 2, medianMinutes: 240, p90Minutes: 270, meanMinutes: 240 });
      expect(teacher.sla).to.deep.include({ take_in_charge: tally(2, 0, 0), first_answer: tally(2, 0, 0), resolve: tally(2, 0, 0) });
      expect(teacher.satisfaction).to.deep.equal({ responses: 2, average: 4.5 });
      expect(student.sla).to.deep.include({ take_in_charge: tally(1, 0, 0), first_answer: tally(0, 1, 0), resolve: tally(0, 1, 0) });
      expect(student.satisfaction).to.deep.equal({ responses: 1, average: 2 });
      expect(staff.sla).to.deep.include({ take_in_charge: tally(0, 1, 0), resolve: tally(0, 0, 1) });
      expect(staff.satisfaction).to.deep.equal({ responses: 0, average: null });
      expect(none.sla).to.deep.include({ acknowledge: tally(1, 0, 0), take_in_charge: tally(0, 0, 0) });
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
      "Délais en temps ouvré (médiane / 90e centile / moyenne, nombre de tickets) :",
      "  accusé de réception : 0 min / 0 min / 0 min (5)",
      "  prise en charge : 1 h 00 / 4 h 00 / 2 h 00 (3)",
      "  première réponse : 2 h 00 / 5 h 00 / 2 h 40 (3)",
      "  résolution : 4 h 30 / 12 h 30 / 6 h 50 (3)",
      "Engagements tenus :",
      "  accusé de réception : 5/5 (100 %)",
      "  prise en charge : 3/4 (75 %)",
      "  première réponse : 2/4 (50 %)",
      "  résolution : 2/3 (66,7 %), 1 en cours",
      "Escalades : 1 (20 %), dont 1 automatique",
      "Questions résolues par la base de connaissances, sans ticket : 2 (28,6 %)",
      "Satisfaction : 3,7/5 sur 3 réponses (1★ 0, 2★ 1, 3★ 0, 4★ 1, 5★ 1)",
      "Incidents majeurs déclarés : 1",
      "Encore ouverts au 23 novembre 2026 : 1, dont 1 bloquant ; le plus ancien a 4,6 jours",
      "Par profil (tickets ouverts, résolus ; résolution médiane ; engagements tenus ; satisfaction) :",
      "  Personnels : 1 ouvert, 0 résolu ; — ; prise en charge 0/1, première réponse 0/1, résolution 0/0 ; pas de note",
      "  Enseignants : 2 ouverts, 2 résolus ; 4 h 00 ; prise en charge 2/2, première réponse 2/2, résolution 2/2 ; 4,5/5 (2)",
      "  Étudiants : 1 ouvert, 1 résolu ; 12 h 30 ; prise en charge 1/1, première réponse 0/1, résolution 0/1 ; 2/5 (1)",
      "  profil non renseigné : 1 ouvert, 0 résolu ; — ; prise en charge 0/0, première réponse 0/0, résolution 0/0 ; pas de note",
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
      "satisfaction,average,3.67", "satisfaction,score_2,1", "time_to_resolve,mean_minutes,410", "profile:teacher,resolve_mean_minutes,240",
      "profile:student,sla_first_answer_met_rate,0", "profile:none,created,1", "profile:teacher,satisfaction_average,4.5",
      "backlog,3d_7d_blocking,1", "backlog,oldest_days,4.6", "day:2026-11-16,opened,2", "day:2026-11-18,resolved,1",
    ]) {
      expect(csv).to.contain(`\r\n${row}\r\n`);
    }
  });
});
