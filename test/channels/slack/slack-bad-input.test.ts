import { expect } from "chai";
import fc from "fast-check";
import { OutboxMessage } from "../../../src/store/entities/OutboxMessage";
import { ProcessedEvent } from "../../../src/store/entities/ProcessedEvent";
import { Ticket } from "../../../src/store/entities/Ticket";
import { httpGet } from "../../support/loopback-server";
import { fieldPaths, withField, type Json } from "../../support/payload-mutation";
import { BOT_ID, BOT_USER_ID } from "./support/fake-slack-api";
import { commandBody, eventEnvelope, FORM, interactionBody, JSON_TYPE, postSigned } from "./support/slack-requests";
import { C, dmOf, SlackTestDesk, U } from "./support/slack-test-desk";


/** Well-formed payloads of each kind the desk handles; the cases below break one field at a time. */
const valid = {
  dm: (): Json => ({ type: "message", channel: dmOf(U.alice), channel_type: "im", user: U.alice, text: "mon mot de passe a expiré", ts: "1799999999.000001" }),
  press: (): Json => ({
    type: "block_actions",
    user: { id: U.alice },
    trigger_id: "1.2.trigger",
    container: { type: "message", message_ts: "1700000000.000100", channel_id: dmOf(U.alice), is_ephemeral: false },
    channel: { id: dmOf(U.alice) },
    message: { type: "message", ts: "1700000000.000100", text: "", user: BOT_USER_ID, bot_id: BOT_ID },
    actions: [{ type: "button", action_id: "kb.not_solved#1", block_id: "b1", value: "1" }],
  }),
  submission: (): Json => ({
    type: "view_submission",
    user: { id: U.bruno },
    trigger_id: "1.2.trigger",
    view: {
      id: "V0FORM",
      type: "modal",
      callback_id: "guichet.form",
      private_metadata: JSON.stringify({ form: "resolve", context: "1", place: null }),
      state: { values: { resolution: { value: { type: "plain_text_input", value: "fait" } } } },
      blocks: [{ type: "input", block_id: "resolution" }],
    },
  }),
  shortcut: (): Json => ({
    type: "message_action",
    callback_id: "ticket_from_message",
    trigger_id: "1.2.trigger",
    user: { id: U.alice },
    channel: { id: C.general },
    message: { type: "message", user: U.ben, ts: "1700000000.000200", text: "l'imprimante est en panne" },
    response_url: "http://127.0.0.1:9/response/x",
  }),
  command: (): Record<string, string> => ({
    command: "/guichet",
    text: "help",
    user_id: U.alice,
    channel_id: C.general,
    trigger_id: "1.2.trigger",
    response_url: "http://127.0.0.1:9/response/y",
  }),
};


describe("Slack channel: malformed but signed input", function () {
  let t: SlackTestDesk;

  beforeEach(async () => {
    t = await SlackTestDesk.open();
  });

  afterEach(async () => {
    await t.close();
  });

  const json = (body: string) => postSigned(t.eventsUrl, t.secret, body, JSON_TYPE);
  const form = (body: string) => postSigned(t.eventsUrl, t.secret, body, FORM);
  const event = (payload: unknown) => json(eventEnvelope(payload as Json));

  /** Nothing stored, nothing sent: the desk never saw the request. */
  async function expectNothingChanged(): Promise<void> {
    await t.settle();
    const manager = t.guichet.store.manager;
    expect(await manager.count(ProcessedEvent), "processed events").to.equal(0);
    expect(await manager.count(OutboxMessage), "outbox rows").to.equal(0);
    expect(await manager.count(Ticket), "tickets").to.equal(0);
    expect(t.api.calls.filter((c) => c.method !== "auth.test").map((c) => c.method), "calls to Slack").to.deep.equal([]);
  }

  /** The process still serves: a person's question is answered. */
  async function expectStillServing(): Promise<void> {
    const health = await httpGet(t.eventsUrl.replace("/slack/events", "/healthz"));
    expect(health.status).to.equal(200);
    const question = await t.dm(U.alice, "mon mot de passe a expiré, je ne peux plus me connecter");
    await t.settle();
    expect(t.api.posts(dmOf(U.alice), question), "the next question is answered").to.have.length(1);
  }

  const refused: Array<[string, () => Promise<{ status: number }>]> = [
    ["a JSON body that is null", () => json("null")],
    ["a JSON body that is an array, a string, a number", () => json("[]").then(async (a) => (a.status === 400 ? json('"x"') : a)).then(async (a) => (a.status === 400 ? json("42") : a))],
    ["a body that is not JSON", () => json("{not json")],
    ["an interaction whose payload is null", () => form(new URLSearchParams({ payload: "null" }).toString())],
    ["an interaction whose payload is not JSON", () => form(new URLSearchParams({ payload: "{oops" }).toString())],
    ["a form that is neither an interaction nor a command", () => form("foo=bar")],
    ["an event envelope whose event is null", () => event(null)],
    ["an event envelope whose event is a string", () => event("message")],
    ["an event envelope without an event id", () => json(JSON.stringify({ type: "event_callback", event: valid.dm() }))],
    ["a message whose text is a number", () => event(withField(valid.dm(), "text", 42))],
    ["a message whose user is an object", () => event(withField(valid.dm(), "user", { id: U.alice }))],
    ["a message whose channel is null", () => event(withField(valid.dm(), "channel", null))],
    ["a button press whose user is null", () => form(interactionBody(withField(valid.press(), "user", null)))],
    ["a button press whose actions are null", () => form(interactionBody(withField(valid.press(), "actions", null)))],
    ["a button press whose container is null", () => form(interactionBody(withField(valid.press(), "container", null)))],
    ["a button press whose trigger id is missing", () => form(interactionBody(withField(valid.press(), "trigger_id", undefined)))],
    ["a button press whose value is an object", () => form(interactionBody(withField(valid.press(), "actions", [{ type: "button", action_id: "kb.not_solved#1", value: { id: 1 } }])))],
    ["a form submission whose view is null", () => form(interactionBody(withField(valid.submission(), "view", null)))],
    ["a form submission whose state is null", () => form(interactionBody(withField(valid.submission(), "view.state", null)))],
    ["a form submission whose values are strings", () => form(interactionBody(withField(valid.submission(), "view.state.values", { resolution: "fait" })))],
    ["a form submission whose user is missing", () => form(interactionBody(withField(valid.submission(), "user", undefined)))],
    ["a shortcut whose message is null", () => form(interactionBody(withField(valid.shortcut(), "message", null)))],
    ["a slash command without a user", () => form(commandBody({ ...valid.command(), user_id: "" }))],
    ["a slash command without a response URL", () => { const fields: Record<string, string> = valid.command(); delete fields.response_url; return form(commandBody(fields)); }],
    ["a button press whose type is an object that cannot be printed", () => form(interactionBody(withField(valid.press(), "type", { toString: [] })))],
    ["an interaction of an unknown type", () => form(interactionBody({ type: "surprise", user: { id: U.alice } }))],
    ["a URL verification without a challenge", () => json(JSON.stringify({ type: "url_verification" }))],
  ];

  for (const [what, send] of refused) {
    it(`answers 400 to ${what}, changes nothing, and keeps serving`, async () => {
      const answer = await send();
      expect(answer.status).to.equal(400);
      await expectNothingChanged();
      await expectStillServing();
    });
  }

  const harmless: Array<[string, () => Promise<{ status: number }>]> = [
    ["an event type the desk does not listen to", () => event({ type: "reaction_added", user: U.alice, reaction: "thumbsup", item: { type: "message", channel: C.general, ts: "1.2" } })],
    ["a message edit, whatever its shape", () => event({ type: "message", subtype: "message_changed", channel: dmOf(U.alice), message: null, ts: "1.2" })],
    ["a bot's message", () => event({ ...valid.dm(), bot_id: "B0OTHER", text: 42 })],
    ["a press of another app's button", () => form(interactionBody(withField(valid.press(), "actions", [{ type: "button", action_id: "other_app_button", value: "1" }])))],
    ["the submission of another app's modal", () => form(interactionBody(withField(valid.submission(), "view.callback_id", "other_modal")))],
    ["another slash command", () => form(commandBody({ ...valid.command(), command: "/other" }))],
    ["a global shortcut", () => form(interactionBody({ type: "shortcut", callback_id: "x", trigger_id: "1.2", user: { id: U.alice } }))],
    ["Slack's SSL check", () => form("ssl_check=1&token=legacy")],
  ];

  for (const [what, send] of harmless) {
    it(`answers 200 to ${what} and does nothing`, async () => {
      const answer = await send();
      expect(answer.status).to.equal(200);
      await expectNothingChanged();
    });
  }

  it("answers a random signed body with something other than 5xx, and keeps serving", async () => {
    const bodies = fc.oneof(
      fc.json().map((body) => ({ body, type: JSON_TYPE })),
      fc.json().map((body) => ({ body: new URLSearchParams({ payload: body }).toString(), type: FORM })),
      fc.dictionary(fc.string({ maxLength: 12 }), fc.string({ maxLength: 20 })).map((fields) => ({ body: new URLSearchParams(fields).toString(), type: FORM })),
      fc.anything().map((event) => ({ body: eventEnvelope(event as Json), type: JSON_TYPE })),
    );
    await fc.assert(
      fc.asyncProperty(bodies, async ({ body, type }) => {
        const answer = await postSigned(t.eventsUrl, t.secret, body, type);
        expect(answer.status, body.slice(0, 200)).to.be.oneOf([200, 400]);
      }),
      { numRuns: 150 },
    );
    await t.settle();
    expect(await t.guichet.store.manager.count(Ticket)).to.equal(0);
    await expectStillServing();
  });

  it("answers a valid payload with any one field replaced by random JSON with something other than 5xx", async () => {
    const cases = fc.tuple(
      fc.constantFrom<[string, () => Json, (payload: Json) => string, string]>(
        ["event", () => JSON.parse(eventEnvelope(valid.dm())) as Json, (p) => JSON.stringify(p), JSON_TYPE],
        ["press", valid.press, interactionBody, FORM],
        ["submission", valid.submission, interactionBody, FORM],
        ["shortcut", valid.shortcut, interactionBody, FORM],
      ),
      fc.nat(),
      fc.jsonValue(),
    );
    await fc.assert(
      fc.asyncProperty(cases, async ([[, make, encode, type], pick, value]) => {
        const payload = make();
        const paths = fieldPaths(payload);
        const path = paths[pick % paths.length];
        const answer = await postSigned(t.eventsUrl, t.secret, encode(withField(payload, path, value)), type);
        expect(answer.status, `${path} = ${JSON.stringify(value)?.slice(0, 100)}`).to.be.oneOf([200, 400]);
      }),
      { numRuns: 150 },
    );
    await t.settle();
    await expectStillServing();
  });
});
