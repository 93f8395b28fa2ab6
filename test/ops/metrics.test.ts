import { expect } from "chai";
import { readFileSync } from "node:fs";
import path from "node:path";
import { PACKAGE_ROOT, readEnv } from "../../src/config/env";
import { startJobs } from "../../src/jobs";
import { metricsEnabled, metricsEndpoint } from "../../src/ops/metrics-endpoint";
import { OutboxMessage } from "../../src/store/entities/OutboxMessage";
import { Ticket } from "../../src/store/entities/Ticket";
import { button } from "../channels/teams/support/card-reading";
import { installActivity, messageActivity, personalChatOf } from "../channels/teams/support/teams-activities";
import { CHANNELS, openTeamsTestDesk, type TeamsTestDesk } from "../channels/teams/support/teams-test-desk";
import { parsePrometheusText, type Exposition } from "../support/prometheus-text";

const TOKEN = "metrics-token-0123456789abcdef";

describe("GET /metrics", () => {
  let t: TeamsTestDesk;
  beforeEach(async () => {
    t = await openTeamsTestDesk();
    t.http.route("GET", "/metrics", metricsEndpoint({ store: t.guichet.store, token: TOKEN }), { probe: true });
  });
  afterEach(async () => t.close());

  async function scrape(headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }): Promise<Exposition> {
    const answer = await fetch(`${t.baseUrl}/metrics`, { headers });
    expect(answer.status).to.equal(200);
    expect(answer.headers.get("content-type")).to.match(/^text\/plain; version=0\.0\.4/);
    return parsePrometheusText(await answer.text());
  }

  it("is on only with METRICS=1 or a token, and then only for requests bearing the token", async () => {
    expect(metricsEnabled(readEnv({}))).to.equal(false);
    expect(metricsEnabled(readEnv({ METRICS: "0" }))).to.equal(false);
    expect(metricsEnabled(readEnv({ METRICS: "1" }))).to.equal(true);
    expect(metricsEnabled(readEnv({ METRICS_TOKEN: TOKEN }))).to.equal(true);
    expect(() => readEnv({ METRICS_TOKEN: "short" })).to.throw(/METRICS_TOKEN: use at least 16 characters/);
    expect((await fetch(`${t.baseUrl}/metrics`)).status).to.equal(401);
    expect((await fetch(`${t.baseUrl}/metrics`, { headers: { authorization: "Bearer wrong-token-0123456789ab" } })).status).to.equal(401);
    expect((await scrape()).types.get("guichet_inbound_events_total")).to.equal("counter");
  });

  it("counts events, latency, deliveries, SLA notices and knowledge searches, and reads the outbox and open tickets from the database", async () => {
    // The app installed in the team of the triage channel, so that ticket cards can be posted there.
    expect((await t.post(installActivity(t.user("bruno"), { channel: CHANNELS.general }, { serviceUrl: t.connector.serviceUrl }))).status).to.equal(200);
    const before = await scrape();
    const alice = t.chat("alice");
    const aliceChat = personalChatOf(t.user("alice"));

    await t.say("alice", alice, "j'ai oublié mon mot de passe"); // a suggestion
    await t.say("ben", t.chat("ben"), "zzqx wkkv plorf"); // nothing found
    const repeated = messageActivity(t.user("marie"), t.chat("marie"), "mon imprimante n'imprime plus", { serviceUrl: t.connector.serviceUrl, id: "same-id" });
    expect((await t.post(repeated)).status).to.equal(200);
    expect((await t.post(repeated)).status).to.equal(200); // Teams sending it again
    await t.flush();
    // A ticket: "not solved" on the first suggestion.
    const suggestionsPost = t.connector.postsIn(aliceChat).find((c) => JSON.stringify(c.activity).includes("kb.not_solved"))!;
    const card = (suggestionsPost.activity.attachments as Array<{ content: Record<string, unknown> }>)[0].content;
    await t.press("alice", alice, button(card as never, "kb.not_solved"), { replyToId: suggestionsPost.resultId! });
    // A requester pressing Claim is refused.
    const ticket = await t.guichet.store.manager.findOneOrFail(Ticket, { where: {} });
    await t.press("ben", t.chat("ben"), { verb: "ticket.claim", data: { guichet: 1, verb: "ticket.claim", value: String(ticket.id) } }, { replyToId: "x" });
    // Teams throttles one post: it is retried, then sent.
    t.connector.fail(429, 1, 0);
    await t.say("ben", t.chat("ben"), "help");
    await t.flush();
    // The SLA sweep, a working day later: the reminders and breaches of the new ticket.
    const jobs = await startJobs(t.guichet);
    t.clock.now = new Date(t.clock.now.getTime() + 3 * 24 * 3600_000);
    await jobs.sweep();
    await jobs.stop();
    await t.flush();

    const after = await scrape();
    const delta = (name: string, labels: Record<string, string> = {}) => after.value(name, labels) - before.value(name, labels);
    expect(delta("guichet_inbound_events_total", { platform: "teams", outcome: "handled" })).to.equal(5);
    expect(delta("guichet_inbound_events_total", { platform: "teams", outcome: "duplicate" })).to.equal(1);
    expect(delta("guichet_inbound_events_total", { platform: "teams", outcome: "refused" })).to.equal(1);
    expect(delta("guichet_event_processing_seconds_count", { platform: "teams" })).to.equal(7);
    expect(after.types.get("guichet_event_processing_seconds")).to.equal("histogram");
    expect(after.value("guichet_event_processing_seconds_bucket", { platform: "teams", le: "+Inf" })).to.equal(after.value("guichet_event_processing_seconds_count", { platform: "teams" }));
    expect(delta("guichet_kb_searches_total", { result: "suggestion" })).to.equal(2);
    expect(delta("guichet_kb_searches_total", { result: "none" })).to.equal(1);
    expect(delta("guichet_outbox_deliveries_total", { platform: "teams", outcome: "retry" })).to.equal(1);
    const sent = await t.guichet.store.manager.count(OutboxMessage, { where: { status: "sent" } });
    expect(sent).to.be.greaterThan(0);
    expect(delta("guichet_outbox_deliveries_total", { platform: "teams", outcome: "sent" }), "one per message sent").to.equal(sent);
    expect(delta("guichet_sla_notices_total", { kind: "breach" })).to.be.greaterThan(0);
    // Read from the database at the scrape: the one open ticket, by its status and level; nothing waiting.
    const now = await t.guichet.store.manager.findOneByOrFail(Ticket, { id: ticket.id });
    expect(after.value("guichet_open_tickets", { status: now.status, level: String(now.level) })).to.equal(1);
    expect(after.samples.filter((s) => s.name === "guichet_open_tickets").reduce((sum, s) => sum + s.value, 0)).to.equal(1);
    expect(after.value("guichet_outbox_pending", { platform: "teams" })).to.equal(0);
    expect(after.value("guichet_outbox_oldest_pending_seconds")).to.equal(0);
    expect(after.types.get("guichet_process_resident_memory_bytes")).to.equal("gauge");
  });

  it("has every metric the README's alert rules use", async () => {
    const readme = readFileSync(path.join(PACKAGE_ROOT, "README.md"), "utf8");
    const rules = /# guichet-alerts\.yml\n([\s\S]*?)```/.exec(readme)?.[1] ?? "";
    const used = [...new Set(rules.match(/guichet_[a-z_]+/g) ?? [])];
    expect(used.length).to.be.greaterThan(3);
    const exposed = (await scrape()).types;
    for (const name of used) expect(exposed.has(name), `${name} is scraped`).to.equal(true);
  });

  it("shows messages waiting in the outbox and the oldest one's age", async () => {
    t.connector.fail(503, 100);
    await t.say("alice", t.chat("alice"), "j'ai oublié mon mot de passe");
    const scraped = await scrape();
    expect(scraped.value("guichet_outbox_pending", { platform: "teams" })).to.equal(1);
    expect(scraped.value("guichet_outbox_oldest_pending_seconds")).to.be.at.least(0);
    expect(scraped.samples.some((s) => s.name === "guichet_outbox_oldest_pending_seconds")).to.equal(true);
  });
});
