import { expect } from "chai";
import { OutboxMessage } from "../../../src/store/entities/OutboxMessage";
import { lastButton, postedTexts } from "./support/recorded-messages";
import { C, dmOf, SlackTestDesk, U } from "./support/slack-test-desk";

describe("Slack channel: a Slack outage delays messages, it loses none", function () {
  let t: SlackTestDesk;

  beforeEach(async () => {
    t = await SlackTestDesk.open();
  });

  afterEach(async () => {
    await t.close();
  });

  const advance = (ms: number) => {
    t.clock.now = new Date(t.clock.now.getTime() + ms);
  };
  const outbox = () => t.guichet.store.manager.find(OutboxMessage, { order: { id: "ASC" } });

  /** Alice asks and is shown suggestions (while Slack works); returns her question's ts. */
  async function askAndGetSuggestions(): Promise<string> {
    const question = await t.dm(U.alice, "mon mot de passe a expiré et je ne peux plus me connecter");
    await t.settle();
    return question;
  }

  it("keeps everything while Slack answers 503, honours a 429's Retry-After, then delivers all of it in order", async () => {
    const question = await askAndGetSuggestions();
    const open = [...t.api.calls].reverse().some((c) => JSON.stringify(c.args.blocks ?? "").includes("kb.not_solved")) ? "kb.not_solved" : "kb.open_ticket";
    const ticketButton = lastButton(t.api, open, { channel: dmOf(U.alice), threadTs: question });

    // Slack goes down. The requester's click still works: the desk does not need Slack to open a ticket.
    t.api.fail("chat.postMessage", { status: 503 }, Infinity);
    const pressed = await t.press(U.alice, ticketButton);
    expect(pressed.status).to.equal(200);
    await t.settle();
    // She adds a detail in her thread meanwhile.
    await t.dm(U.alice, "C'est urgent, j'ai un examen à surveiller cet après-midi", { threadTs: question });
    await t.settle();

    let rows = (await outbox()).filter((r) => r.status !== "sent");
    expect(rows.length, "the receipt, the triage card and the relay wait in the outbox").to.be.at.least(3);
    expect(rows.every((r) => r.status === "pending")).to.equal(true);
    expect(rows.some((r) => r.attempts > 0 && /HTTP 503/.test(r.lastError ?? ""))).to.equal(true);
    expect(t.api.posts(C.triage).length, "the card was tried").to.be.greaterThan(0);

    // Slack comes back, but rate-limits the next post for 30 seconds.
    t.api.recover();
    t.api.fail("chat.postMessage", { status: 429, retryAfter: 30 });
    advance(60_000);
    await t.settle();
    const limited = (await outbox()).find((r) => /rate limited/.test(r.lastError ?? ""));
    expect(limited, "a 429 is recorded").to.not.equal(undefined);
    expect((limited?.nextAttemptAt.getTime() ?? 0) - t.clock.now.getTime(), "Retry-After is honoured").to.be.at.least(30_000);

    // Before Retry-After has passed, the limited message is not tried again.
    advance(10_000);
    await t.settle();
    const stillPending = (await outbox()).find((r) => r.id === limited?.id);
    expect(stillPending?.status).to.equal("pending");
    expect(stillPending?.attempts, "not tried during the Retry-After").to.equal(limited?.attempts);

    // After it, everything goes: nothing lost, the card first, the relay under it.
    advance(31_000);
    await t.settle();
    rows = await outbox();
    expect(rows.filter((r) => r.status !== "sent"), "every message is delivered").to.deep.equal([]);
    const delivered = t.api.calls.filter((c) => c.method === "chat.postMessage" && c.result?.ok);
    const card = delivered.find((c) => c.args.channel === C.triage && !c.args.thread_ts);
    expect(card, "the triage card").to.not.equal(undefined);
    const relay = delivered.find((c) => c.args.channel === C.triage && c.args.thread_ts === card?.result?.ts);
    expect(relay, "the requester's detail, under the card").to.not.equal(undefined);
    expect(delivered.indexOf(card as never)).to.be.lessThan(delivered.indexOf(relay as never));
    expect(postedTexts(t.api, dmOf(U.alice), question).join("\n")).to.contain("ouvert");
    const receipts = delivered.filter((c) => c.args.channel === dmOf(U.alice) && JSON.stringify(c.args.blocks).includes("ouvert"));
    expect(receipts, "the receipt is delivered once").to.have.length(1);
  });

  it("sets aside a message Slack can never accept and still delivers the others", async () => {
    const question = await askAndGetSuggestions();
    const open = [...t.api.calls].reverse().some((c) => JSON.stringify(c.args.blocks ?? "").includes("kb.not_solved")) ? "kb.not_solved" : "kb.open_ticket";
    t.api.fail("chat.postMessage", { error: "channel_not_found" });
    await t.press(U.alice, lastButton(t.api, open, { channel: dmOf(U.alice), threadTs: question }));
    await t.settle();
    const rows = await outbox();
    const failed = rows.filter((r) => r.status === "failed");
    expect(failed, "one message given up at once").to.have.length(1);
    expect(failed[0].attempts).to.equal(1);
    expect(failed[0].lastError).to.contain("channel_not_found");
    expect(rows.filter((r) => r.status === "pending")).to.deep.equal([]);
  });

  it("keeps a triage card's update until Slack accepts it", async () => {
    const question = await askAndGetSuggestions();
    const open = [...t.api.calls].reverse().some((c) => JSON.stringify(c.args.blocks ?? "").includes("kb.not_solved")) ? "kb.not_solved" : "kb.open_ticket";
    await t.press(U.alice, lastButton(t.api, open, { channel: dmOf(U.alice), threadTs: question }));
    await t.settle();
    t.api.fail("chat.update", { status: 429, retryAfter: 5 }, 2);
    await t.press(U.bruno, lastButton(t.api, "ticket.claim", { channel: C.triage }));
    await t.settle();
    expect((await outbox()).some((r) => r.operation === "update" && r.status === "pending")).to.equal(true);
    advance(6_000);
    await t.settle();
    advance(6_000);
    await t.settle();
    const updates = t.api.calls.filter((c) => c.method === "chat.update" && c.result?.ok);
    expect(updates.length).to.be.at.least(1);
    expect(JSON.stringify(updates[updates.length - 1].args.blocks)).to.contain("Bruno Agent");
    expect((await outbox()).filter((r) => r.status !== "sent")).to.deep.equal([]);
  });
});
