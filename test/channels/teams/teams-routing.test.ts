import { expect } from "chai";
import { Ticket } from "../../../src/store/entities/Ticket";
import { button, ticketOpener, verbsOf } from "./support/card-reading";
import { cardOf, cardText } from "./support/fake-connector";
import { installActivity, personalChatOf } from "./support/teams-activities";
import { CHANNELS, openTeamsTestDesk, type TeamsTestDesk } from "./support/teams-test-desk";

describe("Teams channel: the right team", () => {
  let t: TeamsTestDesk;
  beforeEach(async () => {
    t = await openTeamsTestDesk();
    await t.post(installActivity(t.user("bruno"), { channel: CHANNELS.general }, { serviceUrl: t.connector.serviceUrl }));
  });
  afterEach(async () => t.close());

  it("files a request that matches no category as uncategorised, and level 1 categorises it from the card", async () => {
    const aliceChat = personalChatOf(t.user("alice"));
    await t.say("alice", t.chat("alice"), "la machine à café du troisième fuit sur la moquette");
    await t.press("alice", t.chat("alice"), ticketOpener(t.connector.lastCard(aliceChat)), { replyToId: t.connector.postsIn(aliceChat).at(-1)!.resultId! });
    const triagePost = t.connector.calls.find((c) => c.kind === "create" && c.channelId === CHANNELS.triageDesk)!;
    const thread = { channel: CHANNELS.triageDesk, root: triagePost.resultId! };
    expect(cardText(cardOf(triagePost))).to.include("non classée");
    expect(verbsOf(cardOf(triagePost))).to.include("ticket.categorise");

    const form = await t.press("bruno", thread, button(cardOf(triagePost), "ticket.categorise"), { replyToId: thread.root });
    expect(cardText(form.value)).to.include("Classer le ticket");
    const done = await t.press("bruno", thread, button(form.value, "form.submit"), { replyToId: thread.root, inputs: { "field.category": "network" } });
    expect(cardText(done.value)).to.include("Réseau, Wi-Fi et VPN");
    expect(verbsOf(done.value)).not.to.include("ticket.categorise");
    expect((await t.guichet.store.manager.findOneOrFail(Ticket, { where: {} })).category).to.equal("network");
  });

  it("sends a request the desk does not handle to its place, and opens the ticket anyway when the requester asks", async () => {
    const aliceChat = personalChatOf(t.user("alice"));
    await t.say("alice", t.chat("alice"), "où envoyer mon ordre de mission pour le colloque ?");
    const answer = t.connector.lastCard(aliceChat);
    expect(cardText(answer)).to.include("Les missions et frais de déplacement restent sur le helpdesk : https://helpdesk.univ-exemple.fr");
    expect(verbsOf(answer)).to.include("kb.open_ticket");
    expect(await t.guichet.store.manager.count(Ticket)).to.equal(0);
    await t.press("alice", t.chat("alice"), button(answer, "kb.open_ticket"), { replyToId: t.connector.postsIn(aliceChat).at(-1)!.resultId! });
    expect((await t.guichet.store.manager.findOneOrFail(Ticket, { where: {} })).description).to.equal("où envoyer mon ordre de mission pour le colloque ?");
  });
});
