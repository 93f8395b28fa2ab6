import { expect } from "chai";
import fc from "fast-check";
import { Conversation } from "../../../src/store/entities/Conversation";
import { OutboxMessage } from "../../../src/store/entities/OutboxMessage";
import { ProcessedEvent } from "../../../src/store/entities/ProcessedEvent";
import { Ticket } from "../../../src/store/entities/Ticket";
import { httpGet } from "../../support/loopback-server";
import { fieldPaths, withField, type Json } from "../../support/payload-mutation";
import { installActivity, invokeActivity, messageActivity, submitActivity } from "./support/teams-activities";
import { CHANNELS, openTeamsTestDesk, type TeamsTestDesk } from "./support/teams-test-desk";


describe("Teams channel: malformed activities", () => {
  let t: TeamsTestDesk;
  beforeEach(async () => {
    t = await openTeamsTestDesk();
  });
  afterEach(async () => t.close());

  const serviceUrl = () => t.connector.serviceUrl;
  const question = (): Json => messageActivity(t.user("alice"), t.chat("alice"), "j'ai oublié mon mot de passe", { serviceUrl: serviceUrl() });
  const press = (): Json =>
    invokeActivity(t.user("bruno"), { channel: CHANNELS.triageDesk, root: "1" }, { verb: "ticket.claim", data: { guichet: 1, verb: "ticket.claim", value: "1" } }, { serviceUrl: serviceUrl(), replyToId: "1" });

  async function expectNothingChanged(): Promise<void> {
    await t.flush();
    const manager = t.guichet.store.manager;
    expect(await manager.count(ProcessedEvent), "processed events").to.equal(0);
    expect(await manager.count(OutboxMessage), "outbox rows").to.equal(0);
    expect(await manager.count(Conversation), "conversations").to.equal(0);
    expect(t.connector.calls, "calls to the connector").to.deep.equal([]);
  }

  async function expectStillServing(): Promise<void> {
    expect((await httpGet(`${t.baseUrl}/healthz`)).status).to.equal(200);
    await t.say("alice", t.chat("alice"), "j'ai oublié mon mot de passe");
    expect(t.connector.postsIn(`a:personal-${t.user("alice").aadObjectId}`).length, "the next question is answered").to.be.greaterThan(0);
  }

  const refused: Array<[string, () => unknown]> = [
    ["a message whose text is a number", () => ({ ...question(), text: 42 })],
    ["a message whose text is an object", () => ({ ...question(), text: { html: "<b>x</b>" } })],
    ["a message whose entities are not a list", () => ({ ...question(), entities: "mention" })],
    ["a message whose sender has no id", () => ({ ...question(), from: { name: "x" } })],
    ["a message whose locale is a number", () => ({ ...question(), locale: 12 })],
    ["a conversation update whose membersAdded is not a list", () => ({ ...installActivity(t.user("alice"), t.chat("alice"), { serviceUrl: serviceUrl() }), membersAdded: { id: "x" } })],
    ["a conversation update whose members have no id", () => ({ ...installActivity(t.user("alice"), t.chat("alice"), { serviceUrl: serviceUrl() }), membersAdded: [null] })],
    ["a card action invoke whose value is a string", () => ({ ...press(), value: "claim" })],
    ["a card action invoke whose value has no action", () => ({ ...press(), value: { trigger: "manual" } })],
    ["a card action invoke whose action is null", () => ({ ...press(), value: { action: null } })],
    ["a card action invoke whose data is not a guichet action", () => ({ ...press(), value: { action: { type: "Action.Execute", verb: "x", data: { foo: 1 } } } })],
    ["an invoke the bot does not know", () => ({ ...press(), name: "composeExtension/query", value: {} })],
    ["an invoke without a name", () => ({ ...press(), name: undefined })],
    ["an activity whose channel data is a string", () => ({ ...question(), channelData: "tenant" })],
  ];

  for (const [what, activity] of refused) {
    it(`answers 400 to ${what}, changes nothing, and keeps serving`, async () => {
      const answer = await t.post(activity());
      expect(answer.status, answer.body).to.equal(400);
      await expectNothingChanged();
      await expectStillServing();
    });
  }

  it("answers 200 to an Action.Submit message whose value is not a guichet action, and treats its text as a message", async () => {
    const answer = await t.post({ ...submitActivity(t.user("alice"), t.chat("alice"), { foo: "bar" }, { serviceUrl: serviceUrl() }) });
    expect(answer.status).to.equal(200);
    await t.flush();
    expect(await t.guichet.store.manager.count(Ticket)).to.equal(0);
  });

  it("answers a random activity, or a valid one with a field replaced by random JSON, with something other than 5xx", async () => {
    const make = fc.constantFrom<() => Json>(question, press, () => installActivity(t.user("alice"), t.chat("alice"), { serviceUrl: serviceUrl() }));
    const cases = fc.oneof(
      fc.anything().map((body) => () => body),
      fc.tuple(make, fc.nat(), fc.jsonValue()).map(([build, pick, value]) => () => {
        const activity = build();
        const paths = fieldPaths(activity);
        return withField(activity, paths[pick % paths.length], value);
      }),
    );
    await fc.assert(
      fc.asyncProperty(cases, async (build) => {
        const body = build();
        const answer = await t.post(Buffer.from(JSON.stringify(body) ?? ""));
        expect(answer.status, JSON.stringify(body)?.slice(0, 300)).to.be.below(500);
      }),
      { numRuns: 150 },
    );
    await t.flush();
    await expectStillServing();
  });
});
