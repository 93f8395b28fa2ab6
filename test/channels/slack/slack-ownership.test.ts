import { expect } from "chai";
import { SlaSweep } from "../../../src/core/sla/sla-sweep";
import { Ticket } from "../../../src/store/entities/Ticket";
import { blocksText, lastButton, postedTexts } from "./support/recorded-messages";
import { C, dmOf, SlackTestDesk, U } from "./support/slack-test-desk";

/** Alice asks, is not helped, and gets a ticket; returns it and the thread of her question. */
async function openTicket(t: SlackTestDesk): Promise<{ ticket: Ticket; question: string }> {
  const question = await t.dm(U.alice, "mon mot de passe a expiré et je ne peux plus me connecter");
  await t.settle();
  const button = [...t.api.calls].reverse().some((c) => JSON.stringify(c.args.blocks ?? "").includes("kb.not_solved")) ? "kb.not_solved" : "kb.open_ticket";
  await t.press(U.alice, lastButton(t.api, button, { channel: dmOf(U.alice), threadTs: question }));
  await t.settle();
  return { ticket: await t.guichet.store.manager.findOneOrFail(Ticket, { where: {}, order: { id: "DESC" } }), question };
}

describe("Slack channel: who owns a ticket", function () {
  let t: SlackTestDesk;
  beforeEach(async () => {
    t = await SlackTestDesk.open();
  });
  afterEach(async () => t.close());

  it("gives a ticket to a colleague with Assign to…, a modal listing the desk's agents", async () => {
    const { ticket, question } = await openTicket(t);
    await t.press(U.bruno, lastButton(t.api, "ticket.claim", { channel: C.triage }));
    await t.settle();

    await t.press(U.bruno, lastButton(t.api, "ticket.assign", { channel: C.triage }));
    await t.settle();
    const modal = t.openedView();
    const select = modal.blocks.find((b) => b.block_id === "assignee")?.element as { type: string; options: Array<{ value: string; text: { text: string } }> };
    expect(select.type).to.equal("static_select");
    expect(select.options.map((o) => o.text.text)).to.deep.equal(["Bruno Agent", "Lea Support", "Inès Comptes", "Hugo Postes", "Fabien Logistique", "Marie Directrice (responsable)"]);
    const lea = select.options.find((o) => o.text.text === "Lea Support")?.value as string;

    const submitted = await t.submit(U.bruno, modal, { assignee: lea });
    expect([submitted.status, submitted.body]).to.deep.equal([200, ""]);
    await t.settle();

    const assigned = await t.guichet.store.manager.findOneByOrFail(Ticket, { id: ticket.id });
    expect(assigned.assigneeId).to.not.equal(null);
    // Lea is told in her DM with the bot (a post to her user id), Alice in her ticket's thread.
    expect(postedTexts(t.api, U.lea).join("\n")).to.contain(`Bruno Agent vous a confié le ticket n°${ticket.id}`);
    expect(postedTexts(t.api, dmOf(U.alice), question).join("\n")).to.contain("Votre demande est désormais suivie par Lea Support");
    const card = t.api.callsTo("chat.update").filter((u) => u.channel === C.triage).at(-1);
    expect(blocksText(card?.blocks)).to.contain("Lea Support");
  });

  it("refuses Assign to… to a requester, privately", async () => {
    await openTicket(t);
    await t.press(U.ben, lastButton(t.api, "ticket.assign", { channel: C.triage }));
    await t.settle();
    expect(t.api.callsTo("views.open")).to.have.length(0);
    const refusal = t.api.callsTo("chat.postEphemeral").find((a) => a.user === U.ben);
    expect(String(refusal?.text)).to.contain('You are not allowed to use "Assign to…"');
  });

  it("keeps Claim on the card of a ticket escalated before anyone claimed it, which says it has no owner, and the press takes it", async () => {
    const { ticket } = await openTicket(t);
    // Accounts tickets go to the identity experts after one working day without a resolution.
    t.clock.now = new Date(t.clock.now.getTime() + 2 * 86_400_000);
    await new SlaSweep(t.guichet.desk.ctx, t.guichet.desk.tickets).run();
    await t.settle();
    const escalatedCard = t.api.callsTo("chat.update").filter((u) => u.channel === C.triage).at(-1);
    expect(blocksText(escalatedCard?.blocks)).to.contain("escaladé").and.to.contain("personne");

    await t.press(U.bruno, lastButton(t.api, "ticket.claim", { channel: C.triage }));
    await t.settle();
    const claimed = await t.guichet.store.manager.findOneByOrFail(Ticket, { id: ticket.id });
    expect([claimed.status, claimed.level, claimed.assigneeId !== null]).to.deep.equal(["escalated", 2, true]);
    expect(t.api.callsTo("chat.postEphemeral").filter((a) => a.user === U.bruno), "no refusal").to.deep.equal([]);
    const card = t.api.callsTo("chat.update").filter((u) => u.channel === C.triage).at(-1);
    expect(blocksText(card?.blocks)).to.contain("Bruno Agent");
    expect(JSON.stringify(card?.blocks)).not.to.contain("ticket.claim");
  });
});
