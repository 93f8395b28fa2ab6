import { expect } from "chai";
import { ConversationMessage } from "../../../src/store/entities/ConversationMessage";
import { Ticket } from "../../../src/store/entities/Ticket";
import { NOTE_FROM_MESSAGE_SHORTCUT } from "../../../src/channels/slack/action-ids";
import { blocksText, lastButton } from "./support/recorded-messages";
import { C, dmOf, SlackTestDesk, U } from "./support/slack-test-desk";

describe("Slack channel: internal notes", function () {
  let t: SlackTestDesk;
  let ticket: Ticket;
  let cardTs: string;

  beforeEach(async () => {
    t = await SlackTestDesk.open();
    await t.dm(U.alice, "Je n'arrive pas à me connecter au wifi eduroam, erreur de certificat");
    await t.settle();
    await t.press(U.alice, lastButton(t.api, "kb.not_solved", { channel: dmOf(U.alice) }));
    await t.settle();
    ticket = await t.guichet.store.manager.findOneOrFail(Ticket, { where: {} });
    cardTs = String(t.api.calls.find((c) => c.method === "chat.postMessage" && c.args.channel === C.triage)?.result?.ts);
  });
  afterEach(async () => t.close());

  const requesterPosts = () => t.api.posts(dmOf(U.alice)).length;
  const ephemeralsTo = (user: string) => t.api.callsTo("chat.postEphemeral").filter((a) => a.user === user);

  it("keeps a note typed the French way (no-break space before the colon) and tells the agent privately, in the thread", async () => {
    const before = requesterPosts();
    await t.threadReply(U.bruno, C.triage, cardTs, "Note\u00a0: vu avec Nadia, profil à pousser par GPO");
    await t.settle();
    expect(requesterPosts(), "nothing reaches the requester").to.equal(before);
    const [confirmation] = ephemeralsTo(U.bruno);
    expect(confirmation, "a private confirmation for the agent").to.not.equal(undefined);
    expect(confirmation.channel).to.equal(C.triage);
    expect(confirmation.thread_ts).to.equal(cardTs);
    expect(blocksText(confirmation.blocks)).to.contain(`Note interne enregistrée sur le ticket n°${ticket.id}`);
    const note = await t.guichet.store.manager.findOneOrFail(ConversationMessage, { where: { visibility: "internal" } });
    expect(note.text).to.equal("vu avec Nadia, profil à pousser par GPO");
  });

  it("turns a reply in a ticket's thread into a note with the Internal note shortcut", async () => {
    const before = requesterPosts();
    const replyTs = t.nextTs();
    const answer = await t.shortcut(U.bruno, { user: U.nadia, text: "Le certificat RADIUS a été renouvelé hier", ts: replyTs, threadTs: cardTs }, C.triage, NOTE_FROM_MESSAGE_SHORTCUT);
    expect(answer.status).to.equal(200);
    await t.settle();
    const modal = t.openedView();
    const field = modal.blocks.find((b) => b.block_id === "note")?.element as { initial_value?: string };
    expect(field.initial_value).to.equal("Le certificat RADIUS a été renouvelé hier");
    expect(modal.title.text).to.equal(`Note interne · n°${ticket.id}`);
    const submitted = await t.submit(U.bruno, modal, { note: "Le certificat RADIUS a été renouvelé hier" });
    expect(submitted.status).to.equal(200);
    await t.settle();
    expect(requesterPosts()).to.equal(before);
    const note = await t.guichet.store.manager.findOneOrFail(ConversationMessage, { where: { visibility: "internal" } });
    expect([note.ticketId, note.text]).to.deep.equal([ticket.id, "Le certificat RADIUS a été renouvelé hier"]);
    const confirmation = ephemeralsTo(U.bruno).at(-1);
    expect(confirmation?.thread_ts, "the confirmation is in the ticket's thread").to.equal(cardTs);
  });

  it("refuses the shortcut to a requester, and outside a ticket's thread", async () => {
    await t.shortcut(U.alice, { user: U.alice, text: "test", threadTs: cardTs }, C.triage, NOTE_FROM_MESSAGE_SHORTCUT);
    await t.shortcut(U.bruno, { user: U.ben, text: "bonjour à tous" }, C.general, NOTE_FROM_MESSAGE_SHORTCUT);
    await t.settle();
    expect(t.api.callsTo("views.open")).to.deep.equal([]);
    const refusals = t.api.callsTo("response_url").map((r) => String(r.text));
    expect(refusals).to.have.length(2);
    expect(refusals[0]).to.contain("réservé au support");
    expect(refusals[1]).to.contain("pas dans le fil d'un ticket");
  });
});
