import { expect } from "chai";
import { Ticket } from "../../../src/store/entities/Ticket";
import { blocksText, lastButton } from "./support/recorded-messages";
import { C, dmOf, SlackTestDesk, U } from "./support/slack-test-desk";

describe("Slack channel: the blocking tag on the ticket card", () => {
  let t: SlackTestDesk;
  beforeEach(async () => {
    t = await SlackTestDesk.open();
  });
  afterEach(async () => t.close());

  it("is set by an agent's press on the triage card, which is edited in place to say so", async () => {
    await t.dm(U.alice, "j'ai oublié mon mot de passe");
    await t.settle();
    await t.press(U.alice, lastButton(t.api, "kb.not_solved", { channel: dmOf(U.alice) }));
    await t.settle();
    const ticket = await t.guichet.store.manager.findOneOrFail(Ticket, { where: {} });
    const mark = lastButton(t.api, "ticket.blocking", { channel: C.triage });
    expect([mark.label, mark.value]).to.deep.equal(["Marquer bloquant", `${ticket.id}:on`]);
    await t.press(U.bruno, mark);
    await t.settle();
    expect((await t.guichet.store.manager.findOneByOrFail(Ticket, { id: ticket.id })).blocking).to.equal(true);
    const update = t.api.callsTo("chat.update").filter((u) => u.channel === C.triage).at(-1);
    expect(blocksText(update?.blocks)).to.contain("*Bloquant*\noui, suivi en revue");
    expect(lastButton(t.api, "ticket.blocking", { channel: C.triage }).value).to.equal(`${ticket.id}:off`);
  });
});
