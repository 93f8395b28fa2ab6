import { expect } from "chai";
import { Ticket } from "../../../src/store/entities/Ticket";
import { blocksText, lastButton } from "./support/recorded-messages";
import { C, dmOf, SlackTestDesk, U } from "./support/slack-test-desk";

describe("Slack channel: the right team", function () {
  let t: SlackTestDesk;
  beforeEach(async () => {
    t = await SlackTestDesk.open();
  });
  afterEach(async () => t.close());

  it("files a request that matches no category as uncategorised, and level 1 categorises it from the card's modal", async () => {
    const question = await t.dm(U.alice, "la machine à café du troisième fuit sur la moquette");
    await t.settle();
    await t.press(U.alice, lastButton(t.api, "kb.open_ticket", { channel: dmOf(U.alice), threadTs: question }));
    await t.settle();
    const ticket = await t.guichet.store.manager.findOneOrFail(Ticket, { where: {} });
    expect(ticket.category).to.equal("uncategorised");
    expect(blocksText(t.api.posts(C.triage, null)[0].blocks)).to.contain("non classée");

    await t.press(U.bruno, lastButton(t.api, "ticket.categorise", { channel: C.triage }));
    await t.settle();
    const modal = t.openedView();
    const select = modal.blocks.find((b) => b.block_id === "category")?.element as { type: string; options: Array<{ value: string }> };
    expect(select.type).to.equal("static_select");
    const submitted = await t.submit(U.bruno, modal, { category: "buildings" });
    expect([submitted.status, submitted.body]).to.deep.equal([200, ""]);
    await t.settle();

    expect((await t.guichet.store.manager.findOneByOrFail(Ticket, { id: ticket.id })).category).to.equal("buildings");
    const card = t.api.callsTo("chat.update").filter((u) => u.channel === C.triage).at(-1);
    expect(blocksText(card?.blocks)).to.contain("Bâtiments et accès");
    expect(JSON.stringify(card?.blocks)).not.to.contain("ticket.categorise");
  });

  it("sends a request the desk does not handle to its place, with a ticket one press away", async () => {
    const question = await t.dm(U.alice, "où envoyer mon ordre de mission pour le colloque ?");
    await t.settle();
    const answer = lastButton(t.api, "kb.open_ticket", { channel: dmOf(U.alice), threadTs: question });
    expect(answer.label).to.equal("Ouvrir quand même un ticket");
    expect(answer.text).to.contain("Les missions et frais de déplacement restent sur le helpdesk");
  });
});
