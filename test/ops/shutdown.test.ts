import { expect } from "chai";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Store } from "../../src/store/data-source";
import { OutboxMessage } from "../../src/store/entities/OutboxMessage";
import { FakeConnector } from "../channels/teams/support/fake-connector";
import { messageActivity, type TeamsUser } from "../channels/teams/support/teams-activities";
import { postBody } from "../channels/teams/support/teams-test-desk";
import { freePort, GuichetProcess } from "../support/guichet-process";
import { parsePrometheusText } from "../support/prometheus-text";
import { writeTestKnowledgeBase } from "../support/test-desk";

const ALICE: TeamsUser = { aadObjectId: "aad-alice-0001", name: "Alice Martin" };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1600; i++) {
    if (condition()) return;
    await sleep(25);
  }
  throw new Error(`never happened: ${what}`);
}

async function outboxOf(dbFile: string): Promise<OutboxMessage[]> {
  const store = await Store.connect({ sqliteFile: dbFile });
  try {
    return await store.manager.find(OutboxMessage, { order: { id: "ASC" } });
  } finally {
    await store.close();
  }
}

/** guichet itself, with the Teams channel in local mode (no app id), its database file, and where it listens. */
interface Running {
  process: GuichetProcess;
  dbFile: string;
  url: string;
}

describe("guichet as a service process: readiness and SIGTERM", function () {
  // Each test starts guichet as a second node process, on a machine other work may be loading.
  this.timeout(60_000);
  const connector = new FakeConnector();
  let running: Running | null = null;
  before(() => connector.start());
  after(() => connector.close());
  afterEach(async () => {
    await running?.process.kill();
    running = null;
    connector.delayMs = 0;
    connector.clear();
  });

  async function start(shutdownSeconds: number, env: Record<string, string> = {}): Promise<Running> {
    const dbFile = path.join(mkdtempSync(path.join(tmpdir(), "guichet-service-")), "desk.sqlite");
    const process = new GuichetProcess({
      GUICHET_CHANNEL: "teams",
      HOST: "127.0.0.1",
      PORT: String(await freePort()),
      GUICHET_DB_FILE: dbFile,
      GUICHET_KB_DIR: writeTestKnowledgeBase(),
      SHUTDOWN_TIMEOUT_SECONDS: String(shutdownSeconds),
      ...env,
    });
    const listening = await process.start();
    running = { process, dbFile, url: `http://127.0.0.1:${listening.port}` };
    return running;
  }

  /** `/readyz`'s status, or 0 when nothing listens any more. */
  const readyz = async (g: Running) => (await fetch(`${g.url}/readyz`).catch(() => null))?.status ?? 0;
  const say = (g: Running, text: string) =>
    postBody(`${g.url}/api/messages`, JSON.stringify(messageActivity(ALICE, { personal: ALICE }, text, { serviceUrl: connector.serviceUrl })));

  it("on SIGTERM stops taking work, finishes the event under way and delivers the outbox, then exits 0", async () => {
    const g = await start(20);
    expect(await readyz(g)).to.equal(200);
    expect((await fetch(`${g.url}/metrics`)).status, "no metrics unless asked for").to.equal(404);
    connector.delayMs = 1000;
    // A question: answered 200 once stored; its suggestions go through the outbox, to a Teams that answers slowly.
    expect((await say(g, "j'ai oublié mon mot de passe")).status).to.equal(200);
    // A form asked for: the card goes back within the turn, so this request stays under way while Teams is slow.
    const underWay = say(g, "nouveau mailing-list");
    await until(() => connector.calls.length >= 2, "both posts reached the connector");

    const exited = g.process.stop();
    await until(() => g.process.events("shutdown.begin").length > 0, "the shutdown began");
    expect(await readyz(g), "not ready once stopping").to.equal(503);
    expect((await say(g, "encore une question")).status, "new work is refused").to.equal(503);

    expect((await underWay).status, "the event under way was finished").to.equal(200);
    expect(await exited).to.equal(0);
    expect(g.process.events("shutdown.done")).to.have.length(1);
    const outbox = await outboxOf(g.dbFile);
    expect(outbox.length).to.be.greaterThan(0);
    expect(outbox.map((row) => row.status), "everything queued was delivered before exiting").to.deep.equal(outbox.map(() => "sent"));
    expect(connector.calls.some((c) => JSON.stringify(c.activity).includes("mailing"))).to.equal(true);
  });

  it("past SHUTDOWN_TIMEOUT_SECONDS exits anyway, leaving what was not delivered in the outbox for the next start", async () => {
    const g = await start(1);
    connector.delayMs = 8000;
    expect((await say(g, "j'ai oublié mon mot de passe")).status).to.equal(200);
    await until(() => connector.calls.length >= 1, "the post reached the connector");

    expect(await g.process.stop()).to.equal(0);
    expect(g.process.events("shutdown.timeout")).to.have.length(1);
    expect(g.process.events("shutdown.done")).to.have.length(0);
    const outbox = await outboxOf(g.dbFile);
    expect(outbox.map((row) => row.status)).to.include("pending");
  });

  it("serves /metrics with METRICS_TOKEN, to requests bearing it", async () => {
    const token = "service-metrics-token-0123456789";
    const g = await start(5, { METRICS_TOKEN: token });
    expect((await fetch(`${g.url}/metrics`)).status).to.equal(401);
    const answer = await fetch(`${g.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(answer.status).to.equal(200);
    const scraped = parsePrometheusText(await answer.text());
    expect(scraped.types.get("guichet_outbox_pending")).to.equal("gauge");
    expect(scraped.value("guichet_outbox_oldest_pending_seconds")).to.equal(0);
    expect(await g.process.stop()).to.equal(0);
  });
});
