import { expect } from "chai";
import { HttpServer } from "../../src/channels/http-server";
import { Readiness } from "../../src/ops/readiness";

describe("readiness and liveness probes", () => {
  let http: HttpServer;
  let readiness: Readiness;
  let base: string;
  let release: () => void;

  beforeEach(async () => {
    readiness = new Readiness();
    http = new HttpServer(readiness);
    base = `http://127.0.0.1:${await http.listen(0, "127.0.0.1")}`;
  });
  afterEach(() => http.close());

  const get = async (path: string) => {
    const answer = await fetch(`${base}${path}`);
    return { status: answer.status, body: (await answer.json()) as Record<string, unknown>, retryAfter: answer.headers.get("retry-after") };
  };

  it("answers /readyz 503 until the database, the knowledge base and the channels are up, while /healthz answers 200", async () => {
    expect(await get("/readyz")).to.deep.include({ status: 503, body: { ready: false, waitingFor: ["database", "knowledge", "channels"] } });
    expect((await get("/healthz")).status).to.equal(200);
    readiness.up("database");
    readiness.up("knowledge");
    expect(await get("/readyz")).to.deep.include({ status: 503, body: { ready: false, waitingFor: ["channels"] } });
    readiness.up("channels");
    expect(await get("/readyz")).to.deep.include({ status: 200, body: { ready: true } });
  });

  it("answers 503 with Retry-After, not 404, for a channel route asked for before the channel has started", async () => {
    expect(await get("/api/messages")).to.deep.include({ status: 503, body: { error: "starting" }, retryAfter: "5" });
    for (const part of ["database", "knowledge", "channels"] as const) readiness.up(part);
    expect((await get("/api/messages")).status, "once started, an unknown route is unknown").to.equal(404);
  });

  it("once stopping: /readyz answers 503 for good, new requests get 503, requests under way finish", async () => {
    for (const part of ["database", "knowledge", "channels"] as const) readiness.up(part);
    let started!: () => void;
    const underWay = new Promise<void>((resolve) => (started = resolve));
    http.route("GET", "/work", async (_req, res) => {
      started();
      await new Promise<void>((resolve) => (release = resolve));
      res.writeHead(200).end('{"done":true}');
    });
    const first = get("/work");
    await underWay;
    readiness.beginShutdown();
    expect(await get("/readyz")).to.deep.include({ status: 503, body: { ready: false, stopping: true } });
    expect(await get("/work")).to.deep.include({ status: 503, body: { error: "shutting down" }, retryAfter: "5" });
    expect((await get("/healthz")).status, "still alive").to.equal(200);
    let settled = false;
    const idle = http.settled().then(() => (settled = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled, "a request is still under way").to.equal(false);
    release();
    expect(await first).to.deep.include({ status: 200, body: { done: true } });
    await idle;
    expect(settled).to.equal(true);
  });
});
