import { expect } from "chai";
import { Ticket } from "../../../src/store/entities/Ticket";
import { messageProblems, viewProblems } from "./support/block-kit-limits";
import { blocksText, lastButton, postedTexts } from "./support/recorded-messages";
import { C, dmOf, SlackTestDesk, U } from "./support/slack-test-desk";

const TRANSPORTS = [
  { mode: "http", title: "through real HTTP" },
  { mode: "socket", title: "over Socket Mode (the manifest's default), from a local Socket Mode server" },
] as const;

for (const { mode, title } of TRANSPORTS) describe(`Slack channel: the whole desk ${title}`, function () {
  let t: SlackTestDesk;

  beforeEach(async () => {
    t = await SlackTestDesk.open({ mode });
  });

  afterEach(async () => {
    await t.close();
  });

  it("takes a requester from a DM to a rated ticket, through claim, escalation, an expert's answer and resolution", async () => {
    // The requester writes; the answer comes in a thread under their message, with articles and two buttons.
    const question = await t.dm(U.alice, "Je n'arrive pas à me connecter au wifi eduroam, erreur de certificat sur mon portable");
    await t.settle();
    const suggestions = t.api.posts(dmOf(U.alice), question);
    expect(suggestions, "suggestions in the thread of the question").to.have.length(1);
    expect(blocksText(suggestions[0].blocks)).to.match(/eduroam/i);
    lastButton(t.api, "kb.solved", { channel: dmOf(U.alice) });

    // Not solved: a ticket, a receipt in the requester's thread, a card in the triage channel.
    await t.press(U.alice, lastButton(t.api, "kb.not_solved", { channel: dmOf(U.alice) }));
    await t.settle();
    const ticket = await t.guichet.store.manager.findOneOrFail(Ticket, { where: {}, order: { id: "DESC" } });
    expect(postedTexts(t.api, dmOf(U.alice), question).join("\n")).to.contain(`Ticket n°${ticket.id} ouvert`);
    expect(postedTexts(t.api, dmOf(U.alice), question).join("\n"), "Slack has threads").to.contain("Pour compléter votre demande, répondez dans ce fil.");
    const [card] = t.api.posts(C.triage, null);
    expect(card, "a triage card at the top level of the triage channel").to.not.equal(undefined);
    const cardTs = String(t.api.calls.find((c) => c.method === "chat.postMessage" && c.args.channel === C.triage)?.result?.ts);
    expect(blocksText(card.blocks)).to.contain("Alice Martin");

    // An agent claims: the card is updated in place, the requester is told who has it.
    await t.press(U.bruno, lastButton(t.api, "ticket.claim", { channel: C.triage }));
    await t.settle();
    const updates = t.api.callsTo("chat.update").filter((u) => u.channel === C.triage && u.ts === cardTs);
    expect(updates.length, "the card is edited, not posted again").to.be.greaterThan(0);
    const claimedCard = blocksText(updates[updates.length - 1].blocks);
    expect(claimedCard).to.contain("Bruno Agent");
    expect(updates[updates.length - 1].blocks as unknown[]).to.satisfy((blocks: unknown[]) => !JSON.stringify(blocks).includes("ticket.claim"));
    expect(postedTexts(t.api, dmOf(U.alice), question).join("\n")).to.contain("Bruno Agent a pris en charge votre demande");

    // Escalation: a modal asks for the expert group and a note; the experts' channel gets the ticket.
    await t.press(U.bruno, lastButton(t.api, "ticket.escalate", { channel: C.triage }));
    await t.settle();
    const escalateModal = t.openedView();
    expect(escalateModal.callback_id).to.equal("guichet.form");
    const submitted = await t.submit(U.bruno, escalateModal, { group: "network", note: "Certificat RADIUS expiré ?" });
    expect(submitted.status).to.equal(200);
    expect(submitted.body).to.equal("");
    await t.settle();
    const [expertPost] = t.api.posts(C.network, null);
    expect(blocksText(expertPost.blocks)).to.contain(`n°${ticket.id}`).and.to.contain("Certificat RADIUS expiré ?");
    const expertTs = String(t.api.calls.find((c) => c.method === "chat.postMessage" && c.args.channel === C.network)?.result?.ts);
    expect(postedTexts(t.api, dmOf(U.alice), question).join("\n")).to.contain("experts");

    // The expert answers in the escalation thread; it reaches level 1's triage thread, with a Forward button.
    await t.threadReply(U.nadia, C.network, expertTs, "Le certificat a été renouvelé hier : il faut réinstaller le profil eduroam.");
    await t.settle();
    const relayed = postedTexts(t.api, C.triage, cardTs).join("\n");
    expect(relayed).to.contain("réinstaller le profil eduroam");
    expect(postedTexts(t.api, dmOf(U.alice), question).join("\n"), "level 2 talks through level 1 only").not.to.contain("réinstaller le profil");

    await t.press(U.bruno, lastButton(t.api, "ticket.forward", { channel: C.triage }));
    await t.settle();
    expect(postedTexts(t.api, dmOf(U.alice), question).join("\n")).to.contain("réinstaller le profil eduroam");

    // In the triage thread, a note stays internal; a plain reply reaches the requester.
    const beforeNote = t.api.posts(dmOf(U.alice)).length;
    await t.threadReply(U.bruno, C.triage, cardTs, "note: vu avec Nadia, profil à pousser par GPO");
    await t.settle();
    expect(t.api.posts(dmOf(U.alice)).length, "an internal note is not relayed").to.equal(beforeNote);
    await t.threadReply(U.bruno, C.triage, cardTs, "Bonjour Alice, pouvez-vous réessayer maintenant ?");
    await t.settle();
    expect(postedTexts(t.api, dmOf(U.alice), question).join("\n")).to.contain("pouvez-vous réessayer");

    // The requester answers in their thread; level 1 sees it in the triage thread.
    await t.dm(U.alice, "Ça marche, merci !", { threadTs: question });
    await t.settle();
    expect(postedTexts(t.api, C.triage, cardTs).join("\n")).to.contain("Ça marche, merci !");

    // Resolution through its modal; the requester confirms and rates.
    await t.press(U.bruno, lastButton(t.api, "ticket.resolve", { channel: C.triage }));
    await t.settle();
    await t.submit(U.bruno, t.openedView(), { resolution: "Profil eduroam réinstallé avec le nouveau certificat." });
    await t.settle();
    expect(postedTexts(t.api, dmOf(U.alice), question).join("\n")).to.contain(`Ticket n°${ticket.id} résolu`);

    await t.press(U.alice, lastButton(t.api, "ticket.close", { channel: dmOf(U.alice) }));
    await t.settle();
    const survey = lastButton(t.api, "survey.rate", { channel: dmOf(U.alice), label: "5" });
    expect(survey.threadTs, "the survey is in the ticket's thread").to.equal(question);
    await t.press(U.alice, survey);
    await t.settle();
    expect(postedTexts(t.api, dmOf(U.alice), question).join("\n")).to.contain("5/5");

    const done = await t.guichet.store.manager.findOneByOrFail(Ticket, { id: ticket.id });
    expect(done.status).to.equal("closed");
    expect(done.satisfaction).to.equal(5);
    expect(done.level).to.equal(2);
    // Every message to the requester went to the thread of their first message: none at the top of the DM.
    expect(t.api.posts(dmOf(U.alice)).every((p) => p.thread_ts === question)).to.equal(true);
    // And every payload of the whole flow was within Block Kit's limits.
    for (const call of t.api.calls) {
      if (["chat.postMessage", "chat.update", "chat.postEphemeral"].includes(call.method)) expect(messageProblems(call.args.blocks), call.method).to.deep.equal([]);
      if (["views.open", "views.publish"].includes(call.method)) expect(viewProblems(call.args.view as Record<string, unknown>), call.method).to.deep.equal([]);
    }
  });
});
