import { expect } from "chai";
import { SlaSweep } from "../../../src/core/sla/sla-sweep";
import { messageProblems } from "./support/block-kit-limits";
import { blocksText, lastButton } from "./support/recorded-messages";
import { C, dmOf, SlackTestDesk, U } from "./support/slack-test-desk";

describe("Slack channel: live milestones", function () {
  let t: SlackTestDesk;
  beforeEach(async () => {
    t = await SlackTestDesk.open();
  });
  afterEach(async () => t.close());

  it("draws each commitment on the triage card and redraws it in place when one turns near, then overdue", async () => {
    const question = await t.dm(U.alice, "la machine à café du troisième fuit sur la moquette");
    await t.settle();
    await t.press(U.alice, lastButton(t.api, "kb.open_ticket", { channel: dmOf(U.alice), threadTs: question }));
    await t.settle();
    const [card] = t.api.posts(C.triage);
    const cardTs = String(t.api.calls.find((c) => c.method === "chat.postMessage" && c.args.channel === C.triage)?.result?.ts);
    expect(messageProblems(card.blocks)).to.deep.equal([]);
    const posted = blocksText(card.blocks);
    expect(posted).to.contain("✅ Accusé de réception envoyé mardi 24 novembre à 10:00");
    expect(posted).to.contain("⏳ Première réponse : dans 4 h ouvrées, au plus tard mardi 24 novembre à 15:30");
    expect(posted).to.contain("État au mardi 24 novembre à 10:00");

    const sweep = async (at: string) => {
      t.clock.now = new Date(at);
      await new SlaSweep(t.guichet.desk.ctx, t.guichet.desk.tickets).run();
      await t.settle();
    };
    const updates = () => t.api.callsTo("chat.update").filter((u) => u.channel === C.triage && u.ts === cardTs);
    const before = updates().length;
    await sweep("2026-11-24T13:30:00Z"); // 14:30 in Paris: 75 % of the first answer's 4 hours
    await sweep("2026-11-24T13:45:00Z");
    expect(updates()).to.have.length(before + 1);
    const near = updates().at(-1)!;
    expect(messageProblems(near.blocks)).to.deep.equal([]);
    expect(blocksText(near.blocks)).to.contain("⚠️ Première réponse : dans 1 h ouvrée, au plus tard mardi 24 novembre à 15:30");

    await sweep("2026-11-24T14:30:00Z"); // 15:30: missed
    const overdue = updates().at(-1)!;
    expect(updates()).to.have.length(before + 2);
    expect(blocksText(overdue.blocks)).to.contain("🚨 Première réponse : en retard de 1 min ouvrée (échéance mardi 24 novembre à 15:30)");
    expect(messageProblems(overdue.blocks)).to.deep.equal([]);
  });

  it("states the desk's commitments with /guichet sla, privately, and on the Home tab", async () => {
    await t.command(U.alice, "sla");
    await t.settle();
    const answer = t.api.callsTo("response_url").at(-1)!;
    expect(answer.response_type).to.equal("ephemeral");
    expect(messageProblems(answer.blocks)).to.deep.equal([]);
    expect(blocksText(answer.blocks)).to.contain("Nos engagements");
    expect(blocksText(answer.blocks)).to.contain("Une réponse, ou un calendrier de résolution : sous 4 h ouvrées.");
    expect(blocksText(answer.blocks)).to.contain("Fermetures à venir : du jeudi 24 décembre au vendredi 1er janvier");

    await t.event({ type: "app_home_opened", user: U.alice, channel: dmOf(U.alice), tab: "home", event_ts: t.nextTs() });
    await t.settle();
    const home = t.api.callsTo("views.publish").filter((a) => a.user_id === U.alice).at(-1)!;
    expect(blocksText((home.view as { blocks: unknown }).blocks)).to.contain("Horaires : du lundi au vendredi, 08:30–12:00 et 13:30–17:30");
  });
});
