import { expect } from "chai";
import { OutboxMessage } from "../../../src/store/entities/OutboxMessage";
import { TeamsConversationReference } from "../../../src/store/entities/TeamsConversationReference";
import { ticketOpener } from "./support/card-reading";
import { cardOf, cardText } from "./support/fake-connector";
import { installActivity, personalChatOf } from "./support/teams-activities";
import { CHANNELS, openTeamsTestDesk, type TeamsTestDesk } from "./support/teams-test-desk";

describe("Teams channel: proactive posts through the outbox", () => {
  let t: TeamsTestDesk;
  beforeEach(async () => {
    t = await openTeamsTestDesk();
  });
  afterEach(async () => t.close());

  async function askAndOpenTicket(): Promise<void> {
    const chat = personalChatOf(t.user("alice"));
    await t.say("alice", t.chat("alice"), "j'ai oublié mon mot de passe");
    await t.press("alice", t.chat("alice"), ticketOpener(t.connector.lastCard(chat)), { replyToId: t.connector.postsIn(chat).at(-1)!.resultId! });
  }

  it("stores the conversation reference of every chat and team the bot hears from", async () => {
    await t.post(installActivity(t.user("bruno"), { channel: CHANNELS.general }, { serviceUrl: t.connector.serviceUrl }));
    await t.say("alice", t.chat("alice"), "bonjour");
    const rows = await t.guichet.store.manager.find(TeamsConversationReference, { order: { id: "ASC" } });
    expect(rows.map((r) => [r.conversationId, r.conversationType, r.tenantId])).to.deep.equal([
      [CHANNELS.general, "channel", "tenant-univ-0001"],
      [personalChatOf(t.user("alice")), "personal", "tenant-univ-0001"],
    ]);
    expect(rows[1].serviceUrl).to.equal(t.connector.serviceUrl);
  });

  it("welcomes a person who adds the bot in a personal chat", async () => {
    await t.post(installActivity(t.user("alice"), t.chat("alice"), { serviceUrl: t.connector.serviceUrl }));
    expect(cardText(t.connector.lastCard(personalChatOf(t.user("alice"))))).to.match(/Écrivez votre question en langage courant/);
  });

  it("keeps a triage card until the app is installed in the team, then posts it", async () => {
    await askAndOpenTicket();
    expect(t.connector.calls.filter((c) => c.kind === "create")).to.deep.equal([]);
    const waiting = await t.guichet.store.manager.findOneOrFail(OutboxMessage, { where: { conversation: CHANNELS.triageDesk } });
    expect(waiting.status).to.equal("pending");
    expect(waiting.lastError).to.match(/install the app/);

    await t.post(installActivity(t.user("bruno"), { channel: CHANNELS.general }, { serviceUrl: t.connector.serviceUrl }));
    t.clock.now = new Date(t.clock.now.getTime() + 5 * 60_000);
    await t.flush();
    const created = t.connector.calls.filter((c) => c.kind === "create" && c.channelId === CHANNELS.triageDesk);
    expect(created).to.have.length(1);
    expect(cardText(cardOf(created[0]))).to.include("mot de passe");
  });

  it("waits for Retry-After when Teams throttles, then delivers once", async () => {
    await t.post(installActivity(t.user("bruno"), { channel: CHANNELS.general }, { serviceUrl: t.connector.serviceUrl }));
    t.connector.fail(429, 1, 7);
    await t.say("alice", t.chat("alice"), "j'ai oublié mon mot de passe");
    const throttled = await t.guichet.store.manager.findOneOrFail(OutboxMessage, { where: {} });
    expect(throttled.status).to.equal("pending");
    expect(throttled.nextAttemptAt.getTime() - t.clock.now.getTime()).to.equal(7000);
    // One attempt only: the SDK's own retries are off, the outbox owns them.
    expect(t.connector.calls).to.have.length(1);

    t.clock.now = new Date(t.clock.now.getTime() + 7000);
    await t.flush();
    const delivered = await t.guichet.store.manager.findOneOrFail(OutboxMessage, { where: { id: throttled.id } });
    expect(delivered.status).to.equal("sent");
    expect(t.connector.postsIn(personalChatOf(t.user("alice")))).to.have.length(2);
  });

  it("gives up on a message Teams refuses for good (the bot was removed from the chat)", async () => {
    t.connector.fail(403, 1);
    await t.say("alice", t.chat("alice"), "j'ai oublié mon mot de passe");
    const row = await t.guichet.store.manager.findOneOrFail(OutboxMessage, { where: {} });
    expect(row.status).to.equal("failed");
    expect(row.lastError).to.match(/HTTP 403/);
  });

  it("tries a channel post again later when Teams says the bot is not in that team (403)", async () => {
    await t.post(installActivity(t.user("bruno"), { channel: CHANNELS.general }, { serviceUrl: t.connector.serviceUrl }));
    await t.say("alice", t.chat("alice"), "j'ai oublié mon mot de passe");
    const chat = personalChatOf(t.user("alice"));
    t.connector.fail(403, 1, undefined, "create");
    await t.press("alice", t.chat("alice"), ticketOpener(t.connector.lastCard(chat)), { replyToId: t.connector.postsIn(chat).at(-1)!.resultId! });
    const card = await t.guichet.store.manager.findOneOrFail(OutboxMessage, { where: { conversation: CHANNELS.triageDesk } });
    expect(card.status).to.equal("pending");
    expect(card.lastError).to.match(/is the app installed/);
    t.clock.now = new Date(t.clock.now.getTime() + 5 * 60_000);
    await t.flush();
    expect((await t.guichet.store.manager.findOneOrFail(OutboxMessage, { where: { id: card.id } })).status).to.equal("sent");
  });

  it("retries after a server error, one call per attempt, looking for nothing it cannot find", async () => {
    t.connector.fail(503, 1);
    await t.say("alice", t.chat("alice"), "j'ai oublié mon mot de passe");
    const row = await t.guichet.store.manager.findOneOrFail(OutboxMessage, { where: {} });
    expect(row.status).to.equal("pending");
    // The SDK's retry policy is off: a post whose answer was lost would otherwise show twice.
    expect(t.connector.calls).to.have.length(1);
    expect(row.maybeDelivered, "a 503 may come after the post was made").to.equal(true);
    t.clock.now = new Date(t.clock.now.getTime() + 1000);
    await t.flush();
    expect((await t.guichet.store.manager.findOneOrFail(OutboxMessage, { where: { id: row.id } })).status).to.equal("sent");
  });

  it("keeps every card it sends within Teams' 28 KB message limit", async () => {
    await t.post(installActivity(t.user("bruno"), { channel: CHANNELS.general }, { serviceUrl: t.connector.serviceUrl }));
    const long = `${"Mon poste ne démarre plus depuis la mise à jour, écran noir et ventilateur bruyant. ".repeat(40)}`;
    await t.say("alice", t.chat("alice"), long);
    const chat = personalChatOf(t.user("alice"));
    await t.press("alice", t.chat("alice"), ticketOpener(t.connector.lastCard(chat)), { replyToId: t.connector.postsIn(chat).at(-1)!.resultId! });
    expect(t.connector.calls.length).to.be.greaterThan(2);
    for (const call of t.connector.calls) expect(call.bodyBytes).to.be.at.most(28 * 1024);
  });
});
