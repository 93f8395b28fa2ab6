import { expect } from "chai";
import { Ticket } from "../../../src/store/entities/Ticket";
import { lastButton, postedTexts } from "./support/recorded-messages";
import { C, dmOf, SlackTestDesk, U } from "./support/slack-test-desk";

describe("Slack channel: a requester's words always reach someone", function () {
  let t: SlackTestDesk;
  let question: string;
  let ticket: Ticket;
  beforeEach(async () => {
    t = await SlackTestDesk.open();
    question = await t.dm(U.alice, "la machine à café du troisième fuit sur la moquette");
    await t.settle();
    await t.press(U.alice, lastButton(t.api, "kb.open_ticket", { channel: dmOf(U.alice), threadTs: question }));
    await t.settle();
    ticket = await t.guichet.store.manager.findOneOrFail(Ticket, { where: {} });
    await t.press(U.bruno, lastButton(t.api, "ticket.resolve", { channel: C.triage }));
    await t.settle();
    await t.submit(U.bruno, t.openedView(), { resolution: "Le service technique a changé le joint." });
    await t.settle();
  });
  afterEach(async () => t.close());

  it("reopens a resolved ticket when the requester writes in its thread, and level 1 sees the message", async () => {
    await t.dm(U.alice, "Elle fuit de nouveau ce matin.", { threadTs: question });
    await t.settle();
    expect((await t.guichet.store.manager.findOneByOrFail(Ticket, { id: ticket.id })).status).to.equal("in_progress");
    const triageRoot = String(t.api.calls.find((c) => c.method === "chat.postMessage" && c.args.channel === C.triage)?.result?.ts);
    expect(postedTexts(t.api, C.triage, triageRoot).join("\n")).to.contain("Elle fuit de nouveau ce matin.");
    expect(postedTexts(t.api, dmOf(U.alice), question).join("\n")).to.contain(`Le ticket n°${ticket.id} est rouvert`);
  });

  it("offers a new ticket, linked to the closed one, to a requester who writes in its thread", async () => {
    await t.press(U.alice, lastButton(t.api, "ticket.close", { channel: dmOf(U.alice) }));
    await t.settle();
    await t.dm(U.alice, "Elle fuit de nouveau ce matin.", { threadTs: question });
    await t.settle();
    const offer = lastButton(t.api, "ticket.follow_up", { channel: dmOf(U.alice), threadTs: question });
    expect(offer.text).to.contain(`Le ticket n°${ticket.id} est clos.`);
    await t.press(U.alice, offer);
    await t.settle();
    const followUp = await t.guichet.store.manager.findOneOrFail(Ticket, { where: {}, order: { id: "DESC" } });
    expect([followUp.id, followUp.followUpOfId]).to.deep.equal([ticket.id + 1, ticket.id]);
    expect(postedTexts(t.api, dmOf(U.alice), question).join("\n")).to.contain(`Ticket n°${followUp.id} ouvert`);
  });
});
