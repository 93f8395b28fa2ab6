import { expect } from "chai";
import { Ticket } from "../../../src/store/entities/Ticket";
import { messageProblems } from "./support/block-kit-limits";
import { blocksText, lastButton, postedTexts } from "./support/recorded-messages";
import { C, dmOf, SlackTestDesk, U } from "./support/slack-test-desk";

/** The shipped "Arrivée d'un nouvel agent", played in Slack: three teams, each in its triage channel. */
describe("Slack channel: a request that needs several teams", function () {
  let t: SlackTestDesk;
  beforeEach(async () => {
    t = await SlackTestDesk.open();
  });
  afterEach(async () => t.close());

  /** A person claims the card in `channel`, then resolves it through its modal. */
  async function claimAndResolve(user: string, channel: string, answer: string): Promise<void> {
    await t.press(user, lastButton(t.api, "ticket.claim", { channel }));
    await t.settle();
    await t.press(user, lastButton(t.api, "ticket.resolve", { channel }));
    await t.settle();
    await t.submit(user, t.openedView(), { resolution: answer });
    await t.settle();
  }

  it("opens the arrival from the catalogue, Alice's manager approves it, three teams claim and resolve their part, and the requester follows one thread", async () => {
    await t.command(U.alice, "new");
    await t.settle();
    await t.press(U.alice, { ...lastButton(t.api, "request.start", { value: "new-staff" }), channel: C.general });
    await t.settle();
    const modal = t.openedView();
    expect(modal.blocks.filter((b) => b.type === "input").map((b) => b.block_id)).to.deep.equal(["name", "start", "unit", "office", "computer"]);
    await t.submit(U.alice, modal, { name: "Jean Dupont", start: "2026-12-01", unit: "Laboratoire LIS", office: "Bât. A, bureau 12", computer: "linux" });
    await t.settle();

    const parent = await t.guichet.store.manager.findOneOrFail(Ticket, { where: { workflow: true } });
    const [receipt] = t.api.posts(dmOf(U.alice));
    const receiptText = blocksText(receipt.blocks);
    expect(receiptText).to.contain(`Ticket n°${parent.id} ouvert`).and.to.contain("*Étapes*");
    expect(receiptText).to.contain("▶ 1. Validation du responsable — en attente de Marie Directrice").and.to.contain("2. Badge d'accès — à venir");
    const receiptTs = String(t.api.calls.find((c) => c.method === "chat.postMessage" && c.args.channel === dmOf(U.alice))?.result?.ts);

    // Alice's manager is asked in her chat with the bot; nothing reaches the teams before she approves.
    expect(t.api.posts(C.identityTriage)).to.deep.equal([]);
    const [asked] = t.api.posts(U.marie);
    expect(blocksText(asked?.blocks)).to.contain(`Validation demandée · n°${parent.id} · Arrivée d'un nouvel agent`).and.to.contain("Alice Martin fait une demande");
    await t.press(U.bruno, { ...lastButton(t.api, "request.approve", { channel: U.marie }), channel: dmOf(U.bruno) });
    await t.settle();
    expect(t.api.posts(C.identityTriage), "only the step's approver decides").to.deep.equal([]);
    await t.press(U.marie, lastButton(t.api, "request.approve", { channel: U.marie }));
    await t.settle();

    // Each team's card in its own triage channel; the request's card, with its steps, in the desk's.
    for (const [channel, title] of [[C.identityTriage, "Compte informatique de Jean Dupont"], [C.workplaceTriage, "Poste de travail de Jean Dupont"], [C.logisticsTriage, "Badge d'accès de Jean Dupont"]]) {
      expect(postedTexts(t.api, channel, null).join("\n"), channel).to.contain(title).and.to.contain(`Demande d'origine*\nn°${parent.id} · Arrivée d'un nouvel agent`);
    }
    expect(postedTexts(t.api, C.triage, null).join("\n")).to.contain("*Étapes*");
    expect(() => lastButton(t.api, "ticket.claim", { channel: C.triage }), "the request itself is not claimed").to.throw(/no ticket.claim button/);

    await claimAndResolve(U.ines, C.identityTriage, "Compte jdupont créé.");
    await claimAndResolve(U.hugo, C.workplaceTriage, "PC Linux livré au bureau 12.");
    await claimAndResolve(U.fabien, C.logisticsTriage, "Badge prêt à l'accueil.");

    // Under the receipt: one message per step done, then the request complete; nothing else.
    const thread = postedTexts(t.api, dmOf(U.alice), receiptTs);
    expect(thread).to.have.length(5);
    expect(thread[0]).to.contain("Étape « Validation du responsable » validée par Marie Directrice.");
    expect(thread[1]).to.contain("Étape « Compte informatique » terminée (2 sur 4).").and.to.contain("Compte jdupont créé.");
    expect(thread[3]).to.contain("Étape « Badge d'accès » terminée (4 sur 4).");
    expect(thread[4]).to.contain(`Demande n°${parent.id} terminée`);
    expect(t.api.posts(dmOf(U.alice)).every((p) => p === receipt || p.thread_ts === receiptTs)).to.equal(true);

    // The request's card, updated in place, shows every step done.
    const updates = t.api.callsTo("chat.update").filter((a) => a.channel === C.triage);
    expect(blocksText(updates[updates.length - 1].blocks)).to.contain("✓ 1. Validation du responsable — validée par Marie Directrice").and.to.contain("✓ 2. Badge d'accès — terminée");

    await t.press(U.alice, lastButton(t.api, "ticket.close", { channel: dmOf(U.alice) }));
    await t.settle();
    expect((await t.guichet.store.manager.findOneByOrFail(Ticket, { id: parent.id })).status).to.equal("closed");
    expect(await t.guichet.store.manager.countBy(Ticket, { status: "closed" })).to.equal(4);
    for (const call of t.api.calls) {
      if (["chat.postMessage", "chat.update"].includes(call.method)) expect(messageProblems(call.args.blocks), call.method).to.deep.equal([]);
    }
  });

  it("lets Alice's manager reject the arrival with a reason in a modal: Alice is told why, no team gets anything", async () => {
    await t.command(U.alice, "new");
    await t.settle();
    await t.press(U.alice, { ...lastButton(t.api, "request.start", { value: "new-staff" }), channel: C.general });
    await t.settle();
    await t.submit(U.alice, t.openedView(), { name: "Jean Dupont", start: "2026-12-01", unit: "Laboratoire LIS", office: "Bât. A, bureau 12", computer: "linux" });
    await t.settle();
    const parent = await t.guichet.store.manager.findOneOrFail(Ticket, { where: { workflow: true } });

    await t.press(U.marie, lastButton(t.api, "request.reject", { channel: U.marie }));
    await t.settle();
    const modal = t.openedView();
    expect(modal.title.text).to.match(/^Refuser la demande n°\d+/);
    expect(modal.blocks.filter((b) => b.type === "input").map((b) => b.block_id)).to.deep.equal(["reason"]);
    await t.submit(U.marie, modal, { reason: "Le recrutement est reporté à mars." });
    await t.settle();

    const rejected = await t.guichet.store.manager.findOneByOrFail(Ticket, { id: parent.id });
    expect([rejected.status, rejected.approval]).to.deep.equal(["closed", "rejected"]);
    const told = t.api.posts(dmOf(U.alice)).map((p) => blocksText(p.blocks)).join("\n");
    expect(told).to.contain("Marie Directrice n'a pas validé votre demande (étape « Validation du responsable »)").and.to.contain("Le recrutement est reporté à mars.");
    for (const channel of [C.identityTriage, C.workplaceTriage, C.logisticsTriage]) expect(t.api.posts(channel), channel).to.deep.equal([]);
  });
});
