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

describe("Slack channel: a merged ticket's requester follows the kept one", function () {
  let t: SlackTestDesk;
  beforeEach(async () => {
    t = await SlackTestDesk.open();
    t.api.users.set(U.ben, { real_name: "Ben Taylor", locale: "en-GB" });
  });
  afterEach(async () => t.close());

  /** A requester asks in their DM, is shown articles and says they did not help; returns the question's ts and the ticket. */
  async function ticketOf(user: string, text: string): Promise<{ question: string; ticket: Ticket }> {
    const question = await t.dm(user, text);
    await t.settle();
    await t.press(user, lastButton(t.api, "kb.not_solved", { channel: dmOf(user), threadTs: question }));
    await t.settle();
    return { question, ticket: await t.guichet.store.manager.findOneOrFail(Ticket, { where: {}, order: { id: "DESC" } }) };
  }

  it("replies on the kept ticket from their thread, confirms its resolution with their buttons and rates their own ticket, in English", async () => {
    const { ticket: kept } = await ticketOf(U.alice, "j'ai oublié mon mot de passe et je ne peux plus me connecter");
    const { question, ticket: merged } = await ticketOf(U.ben, "I forgot my password and cannot log in");
    await t.press(U.bruno, lastButton(t.api, "ticket.merge", { channel: C.triage, value: String(merged.id) }));
    await t.settle();
    await t.submit(U.bruno, t.openedView(), { into: String(kept.id) });
    await t.settle();

    await t.dm(U.ben, "The reset page says my account is locked.", { threadTs: question });
    await t.settle();
    const keptCard = String(t.api.calls.find((c) => c.method === "chat.postMessage" && c.args.channel === C.triage)?.result?.ts);
    expect(postedTexts(t.api, C.triage, keptCard).join("\n")).to.contain("The reset page says my account is locked.");

    await t.press(U.bruno, lastButton(t.api, "ticket.resolve", { channel: C.triage, value: String(kept.id) }));
    await t.settle();
    await t.submit(U.bruno, t.openedView(), { resolution: "Compte déverrouillé et mot de passe réinitialisé." });
    await t.settle();
    const confirm = lastButton(t.api, "ticket.close", { channel: dmOf(U.ben) });
    expect([confirm.value, confirm.label]).to.deep.equal([String(merged.id), "It's solved"]);
    expect(confirm.text).to.contain(`Ticket #${kept.id} resolved`);
    await t.press(U.ben, confirm);
    await t.settle();
    expect((await t.guichet.store.manager.findOneByOrFail(Ticket, { id: kept.id })).status).to.equal("closed");

    const rate = lastButton(t.api, "survey.rate", { channel: dmOf(U.ben), label: "5" });
    expect(rate.value).to.equal(`${merged.id}:5`);
    await t.press(U.ben, rate);
    await t.settle();
    expect((await t.guichet.store.manager.findOneByOrFail(Ticket, { id: merged.id })).satisfaction).to.equal(5);
    expect(t.api.callsTo("chat.postEphemeral").filter((a) => a.user === U.ben), "no refusal").to.deep.equal([]);
  });
});
