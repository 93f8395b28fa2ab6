import { expect } from "chai";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Ticket } from "../../src/store/entities/Ticket";
import { NoticeRecord } from "../../src/store/entities/NoticeRecord";
import { lastFireAtOrBefore } from "../../src/jobs/cron-fires";
import { startJobs, type RunningJobs } from "../../src/jobs";
import { OPEN_EXPORT_COLUMNS } from "../../src/core/reports/tickets-export";
import { openPasswordTicket, reload } from "../support/desk-scenarios";
import { secrets, transfer } from "../support/external-desks";
import { FakeGlpi } from "../support/fake-glpi";
import { bruno, openTestDesk, shippedConfigWith, type TestDesk } from "../support/test-desk";
import { inParis, paris } from "../core/sla/calendar-fixtures";
import { shortBusyTimeout } from "../core/sla/sla-fixtures";

describe("scheduled jobs", () => {
  const desks: TestDesk[] = [];
  const running: RunningJobs[] = [];
  const open = async (sqliteFile?: string) => {
    const t = await openTestDesk(sqliteFile ? { sqliteFile } : {});
    desks.push(t);
    return t;
  };
  const start = async (t: TestDesk) => {
    const jobs = await startJobs(t.guichet);
    running.push(jobs);
    await jobs.ready;
    return jobs;
  };
  afterEach(async () => {
    for (const jobs of running.splice(0)) await jobs.stop();
    for (const t of desks.splice(0)) await t.close();
  });

  it("schedule the SLA sweep every minute and the digest on Mondays at 08:00, from the desk configuration", async () => {
    const jobs = await start(await open());
    expect([jobs.tasks.slaSweep.name, jobs.tasks.slaSweep.getPattern()]).to.deep.equal(["guichet-sla-sweep", "* * * * *"]);
    expect([jobs.tasks.digest.name, jobs.tasks.digest.getPattern()]).to.deep.equal(["guichet-digest", "0 8 * * 1"]);
    expect(inParis(jobs.tasks.digest.getNextRun() as Date)).to.match(/^Mon \d{4}-\d{2}-\d{2} 08:00/);
  });

  it("schedule the reading of transferred tickets only when a desk is read on a schedule, and run it on each fire", async () => {
    expect((await start(await open())).tasks.externalDesks).to.equal(null);
    const glpi = new FakeGlpi();
    await glpi.start();
    try {
      const config = shippedConfigWith("externalDesks:\n  - { id: ric, label: RIC, connector: glpi, pollMinutes: 10 }\n");
      const t = await openTestDesk({
        config: { ...config, jobs: { ...config.jobs, externalDesks: "*/2 * * * *" } },
        externalSecrets: secrets({ ric: { connector: "glpi", url: glpi.url, userToken: glpi.userToken, appToken: glpi.appToken } }),
      });
      desks.push(t);
      const jobs = await start(t);
      expect([jobs.tasks.externalDesks?.name, jobs.tasks.externalDesks?.getPattern()]).to.deep.equal(["guichet-external-desks", "*/2 * * * *"]);
      const ticket = await openPasswordTicket(t);
      await transfer(t, ticket.id, "ric");
      glpi.reply(100, "Réponse du RIC");
      expect(await jobs.readExternalDesks()).to.equal(0);
      t.clock.now = new Date(t.clock.now.getTime() + 10 * 60_000);
      expect(await jobs.readExternalDesks()).to.equal(1);
      await t.flush();
      expect(t.sender.last("dm:alice").quote?.text).to.equal("Réponse du RIC");
    } finally {
      await glpi.close();
    }
  });

  it("run the sweep that each fire runs, and the outbox delivers its notices", async () => {
    const t = await open();
    const jobs = await start(t);
    await openPasswordTicket(t);
    t.clock.now = paris("2026-11-24T14:30");
    expect(await jobs.sweep()).to.deep.include({ reminders: 1 });
    await t.flush();
    expect(t.sender.viewsIn("triage:desk").map((v) => v.kind)).to.include("sla_alert");
  });

  it("plan at start the open tickets that have no SLA instant stored (tickets from before the SLA engine)", async () => {
    const t = await open();
    const ticket = await openPasswordTicket(t);
    await t.guichet.store.manager.update(Ticket, { id: ticket.id }, { slaDueAt: null });
    await start(t);
    expect(inParis((await reload(t, ticket.id)).slaDueAt as Date)).to.equal("Tue 2026-11-24 14:30 +01:00");
  });

  describe("management digest", () => {
    const monday = paris("2026-11-30T08:00");

    it("posts the report of the past week to the management place", async () => {
      const t = await open();
      await openPasswordTicket(t);
      const jobs = await start(t);
      t.clock.now = monday;
      expect(await jobs.digest(monday)).to.equal(true);
      await t.flush();
      const digest = t.sender.last("management");
      expect(digest.kind).to.equal("report");
      expect(digest.title).to.equal("📊 Bilan du service du lundi 23 novembre 2026 à 08:00 au lundi 30 novembre 2026 à 08:00");
      expect(digest.text).to.contain("Tickets ouverts : 1 (1 incidents, 0 demandes) ; 0 résolus, 1 encore ouverts");
      expect(digest.fields?.[0]).to.deep.equal({ label: "Par catégorie", value: "Comptes et mots de passe 1" });
    });

    it("posts it once though two instances (or a restart) run the same fire", async () => {
      const file = path.join(mkdtempSync(path.join(tmpdir(), "guichet-digest-")), "desk.sqlite");
      const a = await open(file);
      const b = await open(file);
      shortBusyTimeout(a.guichet.store);
      shortBusyTimeout(b.guichet.store);
      const [jobsA, jobsB] = [await start(a), await start(b)];
      a.clock.now = monday;
      b.clock.now = monday;
      expect(await jobsA.digest(monday)).to.equal(true);
      expect(await jobsB.digest(monday)).to.equal(false);
      await a.flush();
      await b.flush();
      expect([...a.sender.viewsIn("management"), ...b.sender.viewsIn("management")]).to.have.length(1);
    });

    it("catches up at start a digest that fell due while no instance ran", async () => {
      const t = await open();
      await t.guichet.store.manager.insert(NoticeRecord, { key: `digest:${paris("2026-11-23T08:00").toISOString()}`, kind: "digest", ticketId: null, at: paris("2026-11-23T08:00") });
      t.clock.now = paris("2026-12-02T15:00");
      await start(t);
      await t.flush();
      expect(t.sender.last("management").title).to.equal("📊 Bilan du service du lundi 23 novembre 2026 à 08:00 au lundi 30 novembre 2026 à 08:00");
    });

    it("posts nothing about the past at a desk's first start", async () => {
      const t = await open();
      t.clock.now = paris("2026-12-02T15:00");
      await start(t);
      await t.flush();
      expect(t.sender.viewsIn("management")).to.deep.equal([]);
    });
  });
});

describe("review-meeting extraction", () => {
  let t: TestDesk;
  let jobs: RunningJobs;
  afterEach(async () => {
    await jobs.stop();
    await t.close();
  });

  it("is scheduled from the desk configuration and posts the CSV of the tickets open at its run, once", async () => {
    t = await openTestDesk();
    jobs = await startJobs(t.guichet);
    await jobs.ready;
    expect([jobs.tasks.extraction?.name, jobs.tasks.extraction?.getPattern()]).to.deep.equal(["guichet-extraction", "30 7 * * 1"]);
    const ticket = await openPasswordTicket(t);
    await t.desk.pressButton({ sender: bruno, action: "ticket.blocking", value: `${ticket.id}:on` });
    const monday = paris("2026-11-30T07:30");
    t.clock.now = monday;
    expect(await jobs.extraction(monday)).to.equal(true);
    expect(await jobs.extraction(monday)).to.equal(false);
    await t.flush();
    const [view] = t.sender.viewsIn("management").filter((v) => v.title?.startsWith("📋"));
    expect(view.title).to.equal("📋 Tickets ouverts le lundi 30 novembre 2026 à 07:30, pour la revue");
    expect(view.text?.split("\n")).to.deep.equal([
      "1 ticket ouvert, dont 1 bloquant ; le plus ancien a 5,9 jours.",
      "Les bloquants, puis les plus anciens :",
      `• n°${ticket.id} · ${ticket.title} — 5,9 j, bloquant`,
    ]);
    const [file] = view.files ?? [];
    expect(file).to.deep.include({ name: "tickets-ouverts-2026-11-30.csv", contentType: "text/csv" });
    const csv = (await t.guichet.files.read(file.token))?.data.toString("utf8") ?? "";
    const [header, row] = csv.replace(/^\ufeff/, "").split("\r\n");
    expect(header).to.equal(OPEN_EXPORT_COLUMNS.join(","));
    expect(row.split(",").slice(0, 5)).to.deep.equal(["2026-11-30T07:30:00+01:00", "acknowledged", "5.9", "3.8", String(ticket.id)]);
    expect(t.sender.viewsIn("management")).to.have.length(1);
  });
});

describe("last fire of a cron expression", () => {
  it("finds the last Monday 08:00 in Paris from a Wednesday afternoon", () => {
    expect(inParis(lastFireAtOrBefore("0 8 * * 1", "Europe/Paris", paris("2026-12-02T15:00"), 7 * 24 * 60) as Date)).to.equal("Mon 2026-11-30 08:00 +01:00");
  });

  it("counts the instant itself as a fire", () => {
    expect(lastFireAtOrBefore("0 8 * * 1", "Europe/Paris", paris("2026-11-30T08:00"), 60)?.toISOString()).to.equal(paris("2026-11-30T08:00").toISOString());
  });

  it("finds none when the expression did not fire within the look-back", () => {
    expect(lastFireAtOrBefore("0 8 * * 1", "Europe/Paris", paris("2026-12-02T15:00"), 24 * 60)).to.equal(null);
  });

  it("reads the expression in the desk's time zone, across the summer-time change", () => {
    expect(inParis(lastFireAtOrBefore("0 8 * * 1", "Europe/Paris", paris("2027-03-30T12:00"), 7 * 24 * 60) as Date)).to.equal("Mon 2027-03-29 08:00 +02:00");
  });
});
