import { expect } from "chai";
import { Ticket } from "../../../src/store/entities/Ticket";
import { lastButton } from "./support/recorded-messages";
import { C, dmOf, SlackTestDesk, U } from "./support/slack-test-desk";

describe("Slack channel: a resolution explains the fix", function () {
  let t: SlackTestDesk;
  beforeEach(async () => {
    t = await SlackTestDesk.open();
  });
  afterEach(async () => t.close());

  it("keeps the Resolve modal open with an error when the answer is empty, and the ticket open", async () => {
    const question = await t.dm(U.alice, "la machine à café du troisième fuit sur la moquette");
    await t.settle();
    await t.press(U.alice, lastButton(t.api, "kb.open_ticket", { channel: dmOf(U.alice), threadTs: question }));
    await t.settle();
    await t.press(U.bruno, lastButton(t.api, "ticket.resolve", { channel: C.triage }));
    await t.settle();
    const modal = t.openedView();
    const input = modal.blocks.find((b) => b.block_id === "resolution");
    expect(input?.optional, "Slack itself asks for the field").to.equal(false);

    const answer = await t.submit(U.bruno, modal, { resolution: "  " });
    expect(answer.status).to.equal(200);
    expect(JSON.parse(answer.body)).to.deep.equal({ response_action: "errors", errors: { resolution: "Ce champ est obligatoire." } });
    await t.settle();
    expect((await t.guichet.store.manager.findOneOrFail(Ticket, { where: {} })).status).to.equal("acknowledged");
  });
});
