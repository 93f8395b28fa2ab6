import { expect } from "chai";
import { InboundEvent } from "../../../src/store/entities/InboundEvent";
import { OutboxMessage } from "../../../src/store/entities/OutboxMessage";
import { ProcessedEvent } from "../../../src/store/entities/ProcessedEvent";
import { blocksText, lastButton } from "./support/recorded-messages";
import { eventEnvelope } from "./support/slack-requests";
import { APP_TOKEN, C, dmOf, SlackTestDesk, U } from "./support/slack-test-desk";

describe("Slack channel in Socket Mode, against a local Socket Mode server", function () {
  // A reconnection waits as long as the client's ping timeout (5 s) before it opens the new connection.
  this.timeout(30_000);
  let t: SlackTestDesk;

  beforeEach(async () => {
    t = await SlackTestDesk.open({ mode: "socket" });
  });

  afterEach(async () => {
    await t.close();
  });

  const socket = () => t.socketMode as NonNullable<SlackTestDesk["socketMode"]>;

  /** An Events API payload: a question in Alice's DM, its own thread. */
  function question(eventId: string): { payload: Record<string, unknown>; ts: string } {
    const ts = t.nextTs();
    const event = { type: "message", channel: dmOf(U.alice), channel_type: "im", user: U.alice, text: "mon mot de passe a expiré", ts, event_ts: ts };
    return { payload: JSON.parse(eventEnvelope(event, eventId)) as Record<string, unknown>, ts };
  }

  it("opens its connection with the app-level token, and acknowledges an envelope once it is stored, by its id", async () => {
    const opened = t.api.calls.filter((call) => call.method === "apps.connections.open");
    expect(opened.map((call) => call.authorization)).to.deep.equal([`Bearer ${APP_TOKEN}`]);

    const { payload, ts } = question("Ev0SOCKET1");
    const sent = socket().send("events_api", payload);
    // Looked up the moment the acknowledgement arrives: the delivery is in the database by then.
    const storedWhenAcked = sent.acked.then(() => t.guichet.store.manager.countBy(InboundEvent, { deliveryKey: "event:Ev0SOCKET1" }));
    expect(await storedWhenAcked).to.equal(1);
    expect(socket().acks.map((ack) => ack.envelopeId)).to.deep.equal([sent.envelopeId]);
    await t.settle();
    expect(t.api.posts(dmOf(U.alice), ts), "the question answered in its thread").to.have.length(1);
  });

  it("answers a slash command sent as a slash_commands envelope, and opens the modal a button asks for", async () => {
    const answer = await t.command(U.alice, "new");
    expect([answer.status, answer.body]).to.deep.equal([200, ""]);
    await t.settle();
    const responses = t.api.callsTo("response_url");
    expect(blocksText(responses.at(-1)?.blocks), "the catalogue, privately").to.contain("liste de diffusion");
    const start = lastButton(t.api, "request.start", { value: "mailing-list" });
    const pressed = await t.press(U.alice, start, { channel: C.general });
    await t.settle();
    expect(pressed.status).to.equal(200);
    expect(t.openedView().callback_id, "an interactive envelope's modal, opened with its trigger id").to.equal("guichet.form");
  });

  it("acknowledges malformed messages without handling them, and keeps serving", async () => {
    const raw = [
      "not json",
      "null",
      JSON.stringify({ type: "events_api", envelope_id: "bad-1", payload: { type: "event_callback", event_id: "Ev0BAD1", event: null } }),
      JSON.stringify({ type: "events_api", envelope_id: "bad-2", payload: null }),
      JSON.stringify({ type: "close", envelope_id: "bad-3" }),
      JSON.stringify({ type: "error" }),
      JSON.stringify({ type: "interactive", envelope_id: "bad-4", payload: { type: "block_actions", user: null, actions: null } }),
      JSON.stringify({ type: "slash_commands", envelope_id: "bad-5", payload: { command: "/guichet", user_id: 42 } }),
    ];
    for (const text of raw) socket().sendRaw(text);
    const { payload, ts } = question("Ev0AFTERBAD");
    await socket().send("events_api", payload).acked;
    await t.settle();
    expect(socket().acks.map((ack) => ack.envelopeId).sort()).to.deep.equal(["bad-1", "bad-2", "bad-3", "bad-4", "bad-5", socket().acks.at(-1)?.envelopeId].sort());
    expect(socket().connections, "the connection stayed up").to.equal(1);
    expect(t.api.posts(dmOf(U.alice), ts), "the next question is answered").to.have.length(1);
    expect(await t.guichet.store.manager.countBy(ProcessedEvent, {}), "only the good question reached the desk").to.equal(1);
  });

  it("opens a new connection when Slack asks it to (refresh_requested), through apps.connections.open, and goes on", async () => {
    socket().disconnect("refresh_requested");
    await socket().connected(2);
    expect(t.api.callsTo("apps.connections.open")).to.have.length(2);
    const { payload, ts } = question("Ev0REFRESHED");
    const ack = await socket().send("events_api", payload).acked;
    await t.settle();
    expect(ack).to.deep.equal({});
    expect(socket().acks.at(-1)?.connection).to.equal(2);
    expect(t.api.posts(dmOf(U.alice), ts)).to.have.length(1);
  });

  it("handles once what a dropped connection left unacknowledged, or whose acknowledgement it lost, when Slack delivers it again", async () => {
    // The first was stored and acknowledged, but the acknowledgement is lost with the connection; the second is
    // sent just before the drop and may not even have been read.
    const acknowledged = question("Ev0ACKLOST");
    await socket().send("events_api", acknowledged.payload).acked;
    const unacknowledged = question("Ev0NOTACKED");
    socket().send("events_api", unacknowledged.payload);
    socket().drop();

    await socket().connected(2);
    const again = [
      socket().send("events_api", acknowledged.payload, { retryAttempt: 1, retryReason: "timeout" }),
      socket().send("events_api", unacknowledged.payload, { retryAttempt: 1, retryReason: "timeout" }),
    ];
    await Promise.all(again.map((sent) => sent.acked));
    await t.settle();
    for (const { ts } of [acknowledged, unacknowledged]) expect(t.api.posts(dmOf(U.alice), ts), `the answer in ${ts}`).to.have.length(1);
    expect(await t.guichet.store.manager.countBy(InboundEvent, {}), "each delivery stored once").to.equal(2);
    const answers = await t.guichet.store.manager.findBy(OutboxMessage, { conversation: dmOf(U.alice) });
    expect(answers.map((row) => row.thread).sort(), "one answer each").to.deep.equal([acknowledged.ts, unacknowledged.ts].sort());
  });
});
