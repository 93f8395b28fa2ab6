import { expect } from "chai";
import { DateTime } from "luxon";
import { loadDeskConfig } from "../../src/config/desk-config";
import { extractionKey } from "../../src/core/reports/review-extraction";
import { startJobs, type RunningJobs } from "../../src/jobs";
import { NoticeRecord } from "../../src/store/entities/NoticeRecord";
import { PublishedFile } from "../../src/store/entities/PublishedFile";
import { openPasswordTicket } from "../support/desk-scenarios";
import { emptyPostgres } from "../support/test-store";
import { openTestDesk, type TestDesk } from "../support/test-desk";
import { paris } from "../core/sla/calendar-fixtures";

/** Runs of the same extraction raced on each database (RACE_TRIES, default 5): one lucky ordering proves nothing. */
const TRIES = Number(process.env.RACE_TRIES ?? 5);

/**
 * Where the same fire runs twice at once: two instances on one PostgreSQL database (when TEST_DATABASE_URL is set),
 * and on SQLite, which serves one instance (README), two runs of one instance (a fire, and the same fire by hand).
 */
const databases = [
  { name: "SQLite", instances: 1, options: async () => ({}) },
  ...(process.env.TEST_DATABASE_URL
    ? [{
      name: "PostgreSQL",
      instances: 2,
      options: async () => {
        await emptyPostgres(process.env.TEST_DATABASE_URL as string);
        return { databaseUrl: process.env.TEST_DATABASE_URL as string };
      },
    }]
    : []),
];

describe("the scheduled review extraction", () => {
  const desks: TestDesk[] = [];
  const running: RunningJobs[] = [];
  const start = async (t: TestDesk) => {
    const jobs = await startJobs(t.guichet);
    running.push(jobs);
    await jobs.ready;
    return jobs;
  };
  const open = async (options: Parameters<typeof openTestDesk>[0] = {}) => {
    const t = await openTestDesk(options);
    desks.push(t);
    return t;
  };
  afterEach(async () => {
    for (const jobs of running.splice(0)) await jobs.stop();
    for (const t of desks.splice(0)) await t.close();
  });

  it("is not scheduled when the desk configuration leaves jobs.extraction out", async () => {
    const config = loadDeskConfig();
    const jobs = await start(await open({ config: { ...config, jobs: { ...config.jobs, extraction: undefined } } }));
    expect(jobs.tasks.extraction).to.equal(null);
    expect(jobs.tasks.digest.getPattern()).to.equal("0 8 * * 1");
  });

  it("posts the tickets open at the moment its cron task fires", async () => {
    const t = await open();
    const jobs = await start(t);
    // node-cron dates a fire with the machine's clock: the ticket is opened a minute before it.
    t.clock.now = new Date(Date.now() - 60_000);
    const ticket = await openPasswordTicket(t);
    t.sender.clear();
    await jobs.tasks.extraction?.execute();
    await t.flush();
    const [view] = t.sender.viewsIn("management");
    expect(view?.title, "the extraction is posted").to.match(/^📋 Tickets ouverts le /);
    expect(view.text?.split("\n")[2]).to.match(new RegExp(`^• n°${ticket.id} · `));
    const day = DateTime.now().setZone(t.config.calendar.timezone).toISODate();
    expect(view.files?.map((f) => f.name)).to.deep.equal([`tickets-ouverts-${day}.csv`]);
  });

  for (const db of databases) {
    it(`is posted once when the same fire runs twice at the same moment, on ${db.name}`, async function () {
      this.timeout(120_000);
      const options = await db.options();
      const a = await open(options);
      const b = db.instances === 2 ? await open(options) : a;
      const jobsA = await start(a);
      const jobsB = b === a ? jobsA : await start(b);
      await openPasswordTicket(a);
      for (let i = 0; i < TRIES; i++) {
        const run = new Date(paris("2026-11-30T07:30").getTime() + i * 7 * 86_400_000);
        a.clock.now = run;
        b.clock.now = run;
        const outcomes = await Promise.all([jobsA.extraction(run), jobsB.extraction(run)]);
        await a.flush();
        await b.flush();
        expect(outcomes.sort(), `run ${i}`).to.deep.equal([false, true]);
        expect(await a.guichet.store.manager.countBy(NoticeRecord, { key: extractionKey(run) }), `run ${i}`).to.equal(1);
        const name = `tickets-ouverts-${DateTime.fromJSDate(run, { zone: a.config.calendar.timezone }).toISODate()}.csv`;
        expect(await a.guichet.store.manager.countBy(PublishedFile, { name }), `run ${i}`).to.equal(1);
        const posts = [a, ...(b === a ? [] : [b])].flatMap((t) => t.sender.viewsIn("management")).filter((v) => v.files?.[0]?.name === name);
        expect(posts, `run ${i}`).to.have.length(1);
      }
    });
  }
});
