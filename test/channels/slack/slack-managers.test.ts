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
});
