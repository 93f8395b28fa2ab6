import { expect } from "chai";
import { Ticket } from "../../../src/store/entities/Ticket";
import { button, ticketOpener, verbsOf } from "./support/card-reading";
import { cardOf, cardText } from "./support/fake-connector";
import { installActivity, personalChatOf } from "./support/teams-activities";
import { CHANNELS, openTeamsTestDesk, type TeamsTestDesk } from "./support/teams-test-desk";

describe("Teams channel: a requester's words always reach someone", () => {
  let t: TeamsTestDesk;
  beforeEach(async () => {
    t = await openTeamsTestDesk();
    await t.post(installActivity(t.user("bruno"), { channel: CHANNELS.general }, { serviceUrl: t.connector.serviceUrl }));
  });
  afterEach(async () => t.close());

  it("offers a new ticket linked to a closed one to a requester who answers on it with the Reply box", async () => {
    const aliceChat = personalChatOf(t.user("alice"));
    const lastPost = () => t.connector.postsIn(aliceChat).at(-1)!.resultId!;
    await t.say("alice", t.chat("alice"), "j'ai oublié mon mot de passe");
    await t.press("alice", t.chat("alice"), ticketOpener(t.connector.lastCard(aliceChat)), { replyToId: lastPost() });
    const ticket = await t.guichet.store.manager.findOneOrFail(Ticket, { where: {} });
    const triagePost = t.connector.calls.find((c) => c.kind === "create" && c.channelId === CHANNELS.triageDesk)!;
    const thread = { channel: CHANNELS.triageDesk, root: triagePost.resultId! };
    const form = await t.press("bruno", thread, button(cardOf(triagePost), "ticket.resolve"), { replyToId: thread.root });
    await t.press("bruno", thread, button(form.value, "form.submit"), { replyToId: thread.root, inputs: { "field.resolution": "Mot de passe réinitialisé." } });
    await t.press("alice", t.chat("alice"), button(t.connector.lastCard(aliceChat), "ticket.close"), { replyToId: lastPost() });

    // The receipt's Reply box still names the ticket, now closed.
    const receipt = t.connector.postsIn(aliceChat).find((p) => cardText(cardOf(p)).includes(`Ticket n°${ticket.id} ouvert`))!;
    await t.press("alice", t.chat("alice"), button(cardOf(receipt), "ticket.reply"), { replyToId: receipt.resultId!, inputs: { "reply.text": "Le mot de passe a encore expiré." } });
    const offer = t.connector.lastCard(aliceChat);
    expect(cardText(offer)).to.include(`Le ticket n°${ticket.id} est clos.`);
    await t.press("alice", t.chat("alice"), button(offer, "ticket.follow_up"), { replyToId: lastPost() });
    const followUp = await t.guichet.store.manager.findOneOrFail(Ticket, { where: {}, order: { id: "DESC" } });
    expect([followUp.followUpOfId, followUp.description]).to.deep.equal([ticket.id, "Le mot de passe a encore expiré."]);
    expect(cardText(t.connector.lastCard(aliceChat))).to.include(`Ticket n°${followUp.id} ouvert`);
  });

  it("reopens a resolved ticket when the requester answers on it with the Reply box, and level 1 sees the message", async () => {
    const aliceChat = personalChatOf(t.user("alice"));
    const lastPost = () => t.connector.postsIn(aliceChat).at(-1)!.resultId!;
    await t.say("alice", t.chat("alice"), "j'ai oublié mon mot de passe");
    await t.press("alice", t.chat("alice"), ticketOpener(t.connector.lastCard(aliceChat)), { replyToId: lastPost() });
    const ticket = await t.guichet.store.manager.findOneOrFail(Ticket, { where: {} });
    const triagePost = t.connector.calls.find((c) => c.kind === "create" && c.channelId === CHANNELS.triageDesk)!;
    const thread = { channel: CHANNELS.triageDesk, root: triagePost.resultId! };
    const form = await t.press("bruno", thread, button(cardOf(triagePost), "ticket.resolve"), { replyToId: thread.root });
    await t.press("bruno", thread, button(form.value, "form.submit"), { replyToId: thread.root, inputs: { "field.resolution": "Mot de passe réinitialisé." } });

    const resolved = t.connector.postsIn(aliceChat).filter((p) => verbsOf(cardOf(p)).includes("ticket.reply")).at(-1)!;
    await t.press("alice", t.chat("alice"), button(cardOf(resolved), "ticket.reply"), { replyToId: resolved.resultId!, inputs: { "reply.text": "Le nouveau mot de passe est refusé." } });
    expect((await t.guichet.store.manager.findOneByOrFail(Ticket, { id: ticket.id })).status).to.equal("in_progress");
    expect(cardText(t.connector.lastCard(aliceChat))).to.include(`Le ticket n°${ticket.id} est rouvert`);
    const relayed = t.connector.calls.filter((c) => c.conversationId.startsWith(`${CHANNELS.triageDesk};messageid=${thread.root}`) && JSON.stringify(c.activity).includes("Le nouveau mot de passe est refusé."));
    expect(relayed, "level 1 sees it in the ticket's thread").to.have.length(1);
  });
});
