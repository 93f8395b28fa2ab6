import { expect } from "chai";
import { Ticket } from "../../../src/store/entities/Ticket";
import { blocksText, lastButton } from "./support/recorded-messages";
import { C, dmOf, SlackTestDesk, U } from "./support/slack-test-desk";

/** Alice asks, is not helped, and gets a ticket; returns the ticket. */
async function openTicket(t: SlackTestDesk): Promise<Ticket> {
  const question = await t.dm(U.alice, "mon mot de passe a expiré et je ne peux plus me connecter");
  await t.settle();
  const button = [...t.api.calls].reverse().some((c) => JSON.stringify(c.args.blocks ?? "").includes("kb.not_solved")) ? "kb.not_solved" : "kb.open_ticket";
  await t.press(U.alice, lastButton(t.api, button, { channel: dmOf(U.alice), threadTs: question }));
  await t.settle();
  return t.guichet.store.manager.findOneOrFail(Ticket, { where: {}, order: { id: "DESC" } });
}

/** What was said privately to `user` (ephemeral messages). */
function privateTexts(t: SlackTestDesk, user: string): string[] {
  return t.api.callsTo("chat.postEphemeral").filter((a) => a.user === user).map((a) => String(a.text));
}

describe("Slack channel: roles and races, checked on the server", function () {
  let t: SlackTestDesk;

  beforeEach(async () => {
    t = await SlackTestDesk.open();
  });

  afterEach(async () => {
    await t.close();
  });

  it("gives the ticket to the first of two agents who click Claim at once, and tells the other who has it", async () => {
    const ticket = await openTicket(t);
    const claim = lastButton(t.api, "ticket.claim", { channel: C.triage });
    const answers = await Promise.all([t.press(U.bruno, claim), t.press(U.lea, claim)]);
    await t.settle();
    expect(answers.map((a) => a.status)).to.deep.equal([200, 200]);

    const claimed = await t.guichet.store.manager.findOneByOrFail(Ticket, { id: ticket.id });
    expect(claimed.status).to.equal("in_progress");
    const winner = claimed.assigneeId;
    const refusals = t.api.callsTo("chat.postEphemeral");
    expect(refusals, "exactly one agent is refused").to.have.length(1);
    const loser = refusals[0].user;
    expect([U.bruno, U.lea]).to.include(loser);
    const winnerName = loser === U.bruno ? "Lea Support" : "Bruno Agent";
    expect(String(refusals[0].text)).to.contain(`déjà pris en charge par ${winnerName}`);
    expect(winner).to.not.equal(null);
    // The requester is told once, by the winner's name.
    const taken = t.api.posts(dmOf(U.alice)).map((p) => blocksText(p.blocks)).filter((text) => text.includes("a pris en charge"));
    expect(taken).to.have.length(1);
    expect(taken[0]).to.contain(winnerName);
  });

  it("refuses Claim to a requester who presses it, privately, and leaves the ticket as it was", async () => {
    const ticket = await openTicket(t);
    await t.press(U.ben, lastButton(t.api, "ticket.claim", { channel: C.triage }));
    await t.settle();
    const unchanged = await t.guichet.store.manager.findOneByOrFail(Ticket, { id: ticket.id });
    expect(unchanged.assigneeId).to.equal(null);
    expect(unchanged.status).to.equal("acknowledged");
    const refusal = t.api.callsTo("chat.postEphemeral").find((a) => a.user === U.ben);
    expect(refusal, "an ephemeral refusal to the presser only").to.not.equal(undefined);
    expect(String(refusal?.text)).to.match(/réservé au support|for support staff/);
    expect(refusal?.channel).to.equal(C.triage);
  });

  it("refuses the Escalate modal to an expert and the Resolve modal to a stranger", async () => {
    await openTicket(t);
    await t.press(U.nadia, lastButton(t.api, "ticket.escalate", { channel: C.triage }));
    await t.press(U.stranger, lastButton(t.api, "ticket.resolve", { channel: C.triage }));
    await t.settle();
    expect(t.api.callsTo("views.open"), "no modal opens for them").to.have.length(0);
    expect(privateTexts(t, U.nadia)).to.have.length(1);
    expect(privateTexts(t, U.stranger)).to.have.length(1);
  });

  it("refuses a forged form submission from someone who may not resolve, beside the form's field", async () => {
    const ticket = await openTicket(t);
    await t.press(U.bruno, lastButton(t.api, "ticket.resolve", { channel: C.triage }));
    await t.settle();
    const modal = t.openedView();
    // Ben submits the agent's modal (a replayed or crafted payload): the desk checks the role again.
    const answer = await t.submit(U.ben, modal, { resolution: "done" });
    expect(answer.status).to.equal(200);
    const body = JSON.parse(answer.body) as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).to.equal("errors");
    expect(Object.values(body.errors)[0]).to.match(/support/);
    expect((await t.guichet.store.manager.findOneByOrFail(Ticket, { id: ticket.id })).status).to.equal("acknowledged");
  });

  it("keeps the modal open with the field's error when an answer is invalid", async () => {
    const ticket = await openTicket(t);
    await t.press(U.bruno, lastButton(t.api, "ticket.merge", { channel: C.triage }));
    await t.settle();
    const answer = await t.submit(U.bruno, t.openedView(), { into: String(ticket.id) });
    const body = JSON.parse(answer.body) as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).to.equal("errors");
    expect(body.errors).to.have.property("into");
  });

  it("refuses a requester's survey button to anyone else", async () => {
    const ticket = await openTicket(t);
    await t.press(U.bruno, lastButton(t.api, "ticket.resolve", { channel: C.triage }));
    await t.settle();
    await t.submit(U.bruno, t.openedView(), { resolution: "Mot de passe réinitialisé." });
    await t.settle();
    await t.press(U.alice, lastButton(t.api, "ticket.close", { channel: dmOf(U.alice) }));
    await t.settle();
    await t.press(U.ben, lastButton(t.api, "survey.rate", { channel: dmOf(U.alice), label: "1" }));
    await t.settle();
    expect((await t.guichet.store.manager.findOneByOrFail(Ticket, { id: ticket.id })).satisfaction).to.equal(null);
    expect(privateTexts(t, U.ben).join("\n")).to.match(/Seul le demandeur|Only the requester/);
  });

  it("refuses a requester who writes in a triage thread, privately, in that thread", async () => {
    await openTicket(t);
    const cardTs = String(t.api.calls.find((c) => c.method === "chat.postMessage" && c.args.channel === C.triage)?.result?.ts);
    await t.threadReply(U.ben, C.triage, cardTs, "moi aussi j'ai ce problème");
    await t.settle();
    const refusal = t.api.callsTo("chat.postEphemeral").find((a) => a.user === U.ben);
    expect(refusal?.thread_ts).to.equal(cardTs);
    expect(t.api.posts(dmOf(U.alice)).map((p) => blocksText(p.blocks)).join("\n")).not.to.contain("moi aussi");
  });
});
