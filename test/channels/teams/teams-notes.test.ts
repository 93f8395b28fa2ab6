import { expect } from "chai";
import { ConversationMessage } from "../../../src/store/entities/ConversationMessage";
import { Ticket } from "../../../src/store/entities/Ticket";
import { button, ticketOpener } from "./support/card-reading";
import { cardOf, cardText } from "./support/fake-connector";
import { installActivity, personalChatOf } from "./support/teams-activities";
import { CHANNELS, openTeamsTestDesk, type TeamsTestDesk } from "./support/teams-test-desk";

describe("Teams channel: internal notes", () => {
  let t: TeamsTestDesk;
  let ticket: Ticket;
  let triageRoot: string;
  let aliceChat: string;

  beforeEach(async () => {
    t = await openTeamsTestDesk();
    await t.post(installActivity(t.user("bruno"), { channel: CHANNELS.general }, { serviceUrl: t.connector.serviceUrl }));
    aliceChat = personalChatOf(t.user("alice"));
    await t.say("alice", t.chat("alice"), "j'ai oublié mon mot de passe");
    const suggestions = t.connector.lastCard(aliceChat);
    await t.press("alice", t.chat("alice"), ticketOpener(suggestions), { replyToId: t.connector.postsIn(aliceChat).at(-1)!.resultId! });
    ticket = await t.guichet.store.manager.findOneOrFail(Ticket, { where: {} });
    triageRoot = t.connector.calls.find((c) => c.kind === "create" && c.channelId === CHANNELS.triageDesk)!.resultId!;
  });
  afterEach(async () => t.close());

  it("keeps a note written in capitals with a space before the colon, and says so in the thread", async () => {
    const before = t.connector.postsIn(aliceChat).length;
    await t.say("bruno", { channel: CHANNELS.triageDesk, root: triageRoot }, "NOTE : compte verrouillé par l'annuaire", { mention: false });
    expect(t.connector.postsIn(aliceChat).length, "nothing reaches the requester's chat").to.equal(before);
    const confirmation = t.connector.repliesIn(CHANNELS.triageDesk, triageRoot).at(-1);
    expect(confirmation, "a reply in the triage thread").to.not.equal(undefined);
    expect(cardText(cardOf(confirmation!))).to.contain(`Note interne enregistrée sur le ticket n°${ticket.id}`);
    const note = await t.guichet.store.manager.findOneOrFail(ConversationMessage, { where: { visibility: "internal" } });
    expect(note.text).to.equal("compte verrouillé par l'annuaire");
  });

  it("stores a note from the card's Note interne button without a marker", async () => {
    const before = t.connector.postsIn(aliceChat).length;
    const card = cardOf(t.connector.calls.find((c) => c.kind === "create" && c.channelId === CHANNELS.triageDesk)!);
    const where = { channel: CHANNELS.triageDesk, root: triageRoot };
    const form = await t.press("bruno", where, button(card, "ticket.note"), { replyToId: triageRoot });
    expect(cardText(form.value)).to.contain(`Note interne · n°${ticket.id}`);
    const saved = await t.press("bruno", where, button(form.value, "form.submit"), { replyToId: triageRoot, inputs: { "field.note": "Bonjour Alice (reste interne)" } });
    expect(cardText(saved.value)).to.contain("Note interne enregistrée");
    expect(t.connector.postsIn(aliceChat).length).to.equal(before);
    const note = await t.guichet.store.manager.findOneOrFail(ConversationMessage, { where: { visibility: "internal" } });
    expect(note.text).to.equal("Bonjour Alice (reste interne)");
  });
});
