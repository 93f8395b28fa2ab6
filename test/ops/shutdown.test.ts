import { expect } from "chai";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PACKAGE_ROOT } from "../../src/config/env";
import { Store } from "../../src/store/data-source";
import { OutboxMessage } from "../../src/store/entities/OutboxMessage";
import { FakeConnector } from "../channels/teams/support/fake-connector";
import { messageActivity, type TeamsUser } from "../channels/teams/support/teams-activities";
import { postBody } from "../channels/teams/support/teams-test-desk";
import { freePort } from "../support/free-port";
import { parsePrometheusText } from "../support/prometheus-text";
import { writeTestKnowledgeBase } from "../support/test-desk";

const ALICE: TeamsUser = { aadObjectId: "aad-alice-0001", name: "Alice Martin" };

/** guichet itself (`node dist/src/main.js`), with the Teams channel in local mode on a free port. */
class GuichetProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  log = "";

  constructor(readonly port: number, readonly dbFile: string, shutdownSeconds: number, extraEnv: Record<string, string>) {
    this.child = spawn(process.execPath, [path.join(PACKAGE_ROOT, "dist", "src", "main.js")], {
      cwd: path.dirname(dbFile),
      env: {
        PATH: process.env.PATH,
        GUICHET_CHANNEL: "teams",
        PORT: String(port),
        GUICHET_DB_FILE: dbFile,
        GUICHET_KB_DIR: writeTestKnowledgeBase(),
        SHUTDOWN_TIMEOUT_SECONDS: String(shutdownSeconds),
        LOG_LEVEL: "info",
        ...extraEnv,
      },
      stdio: ["ignore", "ignore", "pipe"],
    });
    this.child.stderr?.on("data", (chunk: Buffer) => (this.log += chunk.toString("utf8")));
    this.exited = new Promise((resolve) => this.child.once("exit", (code) => resolve(code)));
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** `/readyz`'s status, or 0 while nothing listens. */
  async readyz(): Promise<number> {
    try {
      return (await fetch(`${this.url}/readyz`)).status;
    } catch {
      return 0;
    }
  }

  async untilReady(): Promise<void> {
    for (let i = 0; i < 300; i++) {
      if ((await this.readyz()) === 200) return;
      await sleep(50);
    }
    throw new Error(`guichet never became ready:\n${this.log}`);
  }

  events(): string[] {
    return this.log.split("\n").filter(Boolean).map((line) => (JSON.parse(line) as { event?: string }).event ?? "");
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
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

describe("guichet as a service process: readiness and SIGTERM", () => {
  const connector = new FakeConnector();
  let guichet: GuichetProcess | null = null;
  before(() => connector.start());
  after(() => connector.close());
  afterEach(async () => {
    if (guichet && guichet.child.exitCode === null) guichet.child.kill("SIGKILL");
    connector.delayMs = 0;
    connector.clear();
  });

  async function start(shutdownSeconds: number, env: Record<string, string> = {}): Promise<GuichetProcess> {
    const dbFile = path.join(mkdtempSync(path.join(tmpdir(), "guichet-service-")), "desk.sqlite");
    guichet = new GuichetProcess(await freePort(), dbFile, shutdownSeconds, env);
    await guichet.untilReady();
    return guichet;
  }

  const say = (g: GuichetProcess, text: string) =>
    postBody(`${g.url}/api/messages`, JSON.stringify(messageActivity(ALICE, { personal: ALICE }, text, { serviceUrl: connector.serviceUrl })));

  it("on SIGTERM stops taking work, finishes the event under way and delivers the outbox, then exits 0", async () => {
    const g = await start(20);
    expect((await fetch(`${g.url}/metrics`)).status, "no metrics unless asked for").to.equal(404);
    connector.delayMs = 1000;
    // A question: answered 200 once stored; its suggestions go through the outbox, to a Teams that answers slowly.
    expect((await say(g, "j'ai oublié mon mot de passe")).status).to.equal(200);
    // A form asked for: the card goes back within the turn, so this request stays under way while Teams is slow.
    const underWay = say(g, "nouveau mailing-list");
    await until(() => connector.calls.length >= 2, "both posts reached the connector");

    g.child.kill("SIGTERM");
    await until(() => g.events().includes("shutdown.begin"), "the shutdown began");
    expect(await g.readyz(), "not ready once stopping").to.equal(503);
    expect((await say(g, "encore une question")).status, "new work is refused").to.equal(503);

    expect((await underWay).status, "the event under way was finished").to.equal(200);
    expect(await g.exited).to.equal(0);
    expect(g.events()).to.include.members(["shutdown.requested", "shutdown.done"]);
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

    g.child.kill("SIGTERM");
    expect(await g.exited).to.equal(0);
    expect(g.events()).to.include("shutdown.timeout");
    expect(g.events()).not.to.include("shutdown.done");
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
    g.child.kill("SIGTERM");
    expect(await g.exited).to.equal(0);
  });
});
