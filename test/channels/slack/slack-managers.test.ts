import { expect } from "chai";
import { SlaSweep } from "../../../src/core/sla/sla-sweep";
import { Ticket } from "../../../src/store/entities/Ticket";
import { blocksText, lastButton } from "./support/recorded-messages";
import { C, dmOf, SlackTestDesk, U } from "./support/slack-test-desk";

describe("Slack channel: managers step in", function () {
  let t: SlackTestDesk;
  beforeEach(async () => {
    t = await SlackTestDesk.open();
  });
  afterEach(async () => t.close());

  it("tells the manager in a DM, and the management channel, of a ticket nobody took in charge, with a link to its card", async () => {
    const question = await t.dm(U.alice, "la machine à café du troisième fuit sur la moquette");
    await t.settle();
    await t.press(U.alice, lastButton(t.api, "kb.open_ticket", { channel: dmOf(U.alice), threadTs: question }));
    await t.settle();
    const ticket = await t.guichet.store.manager.findOneOrFail(Ticket, { where: {} });
    const cardTs = String(t.api.calls.find((c) => c.method === "chat.postMessage" && c.args.channel === C.triage)?.result?.ts);

    // Two working days after Tuesday 10:00.
    t.clock.now = new Date("2026-11-26T09:00:00Z");
    await new SlaSweep(t.guichet.desk.ctx, t.guichet.desk.tickets).run();
    await t.settle();

    const link = `<https://example.slack.com/archives/${C.triage}/p${cardTs.replace(".", "")}|Voir le ticket n°${ticket.id}>`;
    for (const place of [U.marie, "C0MANAGERS"]) {
      const [alert] = t.api.posts(place);
      expect(blocksText(alert?.blocks), place).to.contain("L'engagement de prise en charge (2 jours ouvrés) n'est pas tenu");
      expect(blocksText(alert?.blocks), place).to.contain(link);
    }
  });

  it("sends a request to approve to the manager's DM with Approve and Reject; Reject asks for the reason, given to the requester", async () => {
    await t.command(U.alice, "new car-access");
    await t.settle();
    await t.submit(U.alice, t.openedView(), { campus: "luminy", plate: "AB-123-CD", until: "2027-06-30" });
    await t.settle();
    const request = await t.guichet.store.manager.findOneOrFail(Ticket, { where: { requestType: "car-access" } });

    const reject = lastButton(t.api, "request.reject", { channel: U.marie });
    expect(reject.text).to.contain(`Demande n°${request.id} à valider`);
    expect(lastButton(t.api, "request.approve", { channel: U.marie }).value).to.equal(String(request.id));
    await t.press(U.marie, reject);
    await t.settle();
    const modal = t.openedView();
    expect(modal.blocks.map((b) => b.block_id)).to.deep.equal(["reason"]);
    await t.submit(U.marie, modal, { reason: "Le parking est complet." });
    await t.settle();

    expect((await t.guichet.store.manager.findOneByOrFail(Ticket, { id: request.id })).approval).to.equal("rejected");
    const told = t.api.posts(dmOf(U.alice)).map((p) => blocksText(p.blocks)).join("\n");
    expect(told).to.contain(`Demande n°${request.id} refusée`).and.to.contain("Le parking est complet.");
  });
});
