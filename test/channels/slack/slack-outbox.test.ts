import { expect } from "chai";
import { enqueueOutbound, type OutboundMessage } from "../../../src/core/outbox/outbox";
import { addThread } from "../../../src/core/tickets/ticket-threads";
import { OutboxMessage } from "../../../src/store/entities/OutboxMessage";
import { TicketThread } from "../../../src/store/entities/TicketThread";
import { C, SlackTestDesk } from "./support/slack-test-desk";

const view = (text: string) => ({ kind: "notice" as const, lang: "fr" as const, text });

describe("Slack channel: the outbox against a Web API that takes its time", function () {
  let t: SlackTestDesk;
  beforeEach(async () => {
    t = await SlackTestDesk.open();
  });
  afterEach(async () => t.close());

  const enqueue = (messages: OutboundMessage[]) => t.guichet.store.transaction((m) => enqueueOutbound(m, messages));
  const advance = (ms: number) => {
    t.clock.now = new Date(t.clock.now.getTime() + ms);
  };
  const posted = (channel: string) => t.api.calls.filter((c) => c.method === "chat.postMessage" && c.args.channel === channel);

  it("posts to many conversations at once when each answer takes 50 ms", async () => {
    t.api.latencyMs = 50;
    const channels = Array.from({ length: 40 }, (_, i) => `D0PERSON${String(i).padStart(2, "0")}`);
    await enqueue(channels.map((conversation, i) => ({ platform: "slack", conversation, view: view(`réponse ${i}`) })));
    await t.guichet.outbox.drain();
    expect(channels.map((c) => posted(c).filter((call) => call.result?.ok).length)).to.deep.equal(Array(40).fill(1));
    expect(t.api.maxInFlight, "calls in flight at once").to.be.at.least(8);
    expect(await t.guichet.store.manager.count(OutboxMessage, { where: { status: "sent" } })).to.equal(40);
  });

  it("makes one call per attempt: the client does not retry a post, the outbox does, later", async () => {
    t.api.fail("chat.postMessage", { status: 503 });
    await enqueue([{ platform: "slack", conversation: C.general, view: view("une fois") }]);
    await t.settle();
    const row = await t.guichet.store.manager.findOneOrFail(OutboxMessage, { where: {} });
    expect([posted(C.general).length, row.status, row.attempts]).to.deep.equal([1, "pending", 1]);
    advance(1000);
    await t.settle();
    expect(posted(C.general).map((c) => c.result?.ok)).to.deep.equal([undefined, true]);
  });

  it("finds a post Slack took although its answer was lost, instead of posting it twice, and keeps it as the thread's root", async () => {
    const thread = await t.guichet.store.transaction(async (m) => {
      const created = await addThread(m, 1, "triage", { platform: "slack", conversation: C.triage });
      await enqueueOutbound(m, [
        { platform: "slack", conversation: C.triage, ticketThreadId: created.id, view: view("carte") },
        { platform: "slack", conversation: C.triage, ticketThreadId: created.id, operation: "update", view: view("carte, prise en charge") },
      ]);
      return created;
    });
    t.api.fail("chat.postMessage", { status: 500, carriedOut: true });
    await t.settle();
    advance(1000);
    await t.settle();
    const posts = posted(C.triage);
    expect(posts, "one post, made by the first attempt").to.have.length(1);
    const ts = posts[0].result?.ts;
    expect((await t.guichet.store.manager.findOneOrFail(TicketThread, { where: { id: thread.id } })).thread).to.equal(ts);
    expect(t.api.callsTo("chat.update").map((a) => a.ts)).to.deep.equal([ts]);
    expect((await t.guichet.store.manager.find(OutboxMessage)).map((r) => r.status)).to.deep.equal(["sent", "sent"]);
  });
});
