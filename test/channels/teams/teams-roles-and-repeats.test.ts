import { expect } from "chai";
import { ConversationMessage } from "../../../src/store/entities/ConversationMessage";
import { Ticket } from "../../../src/store/entities/Ticket";
import { button, ticketOpener, verbsOf } from "./support/card-reading";
import { cardOf, cardText, oneToOneChatOf, type ConnectorCall } from "./support/fake-connector";
import { installActivity, invokeActivity, messageActivity, personalChatOf, submitActivity } from "./support/teams-activities";
import { CHANNELS, openTeamsTestDesk, type TeamsTestDesk } from "./support/teams-test-desk";

describe("Teams channel: roles, repeated activities and the Action.Submit fallback", () => {
  let t: TeamsTestDesk;
  beforeEach(async () => {
    t = await openTeamsTestDesk();
    await t.post(installActivity(t.user("bruno"), { channel: CHANNELS.general }, { serviceUrl: t.connector.serviceUrl }));
  });
  afterEach(async () => t.close());

  /** Alice asks, is not helped, and gets a ticket; returns its triage post. */
  async function openTicket(): Promise<{ ticket: Ticket; triage: ConnectorCall }> {
    const chat = personalChatOf(t.user("alice"));
    await t.say("alice", t.chat("alice"), "j'ai oublié mon mot de passe");
    await t.press("alice", t.chat("alice"), ticketOpener(t.connector.lastCard(chat)), { replyToId: t.connector.postsIn(chat).at(-1)!.resultId! });
    const ticket = await t.guichet.store.manager.findOneOrFail(Ticket, { where: {} });
    const triage = t.connector.calls.find((c) => c.kind === "create" && c.channelId === CHANNELS.triageDesk)!;
    return { ticket, triage };
  }

  it("refuses Claim pressed by someone without the agent role, with the desk's message, and changes nothing", async () => {
    const { ticket, triage } = await openTicket();
    const root = triage.resultId!;
    const before = t.connector.calls.length;
    const answer = await t.press("ben", { channel: CHANNELS.triageDesk, root }, button(cardOf(triage), "ticket.claim"), { replyToId: root });
    expect(answer.type).to.equal("application/vnd.microsoft.activity.message");
    expect(String(answer.value)).to.match(/You are not allowed to use "Claim"/);
    const after = await t.guichet.store.manager.findOneOrFail(Ticket, { where: { id: ticket.id } });
    expect(after.assigneeId).to.equal(null);
    expect(t.connector.calls.slice(before)).to.deep.equal([]);
  });

  it("refuses another person's press on a requester's card", async () => {
    const chat = personalChatOf(t.user("alice"));
    await t.say("alice", t.chat("alice"), "j'ai oublié mon mot de passe");
    const answer = await t.press("ben", t.chat("ben"), ticketOpener(t.connector.lastCard(chat)), { replyToId: "1" });
    expect(String(answer.value)).to.match(/conversation d'une autre personne|someone else's conversation/);
    expect(await t.guichet.store.manager.count(Ticket)).to.equal(0);
  });

  it("answers a requester who writes in a triage thread that it is for agents, in the thread", async () => {
    const { triage } = await openTicket();
    const root = triage.resultId!;
    await t.say("ben", { channel: CHANNELS.triageDesk, root }, "c'est quand que vous répondez ?");
    const answer = t.connector.repliesIn(CHANNELS.triageDesk, root).at(-1)!;
    expect(cardText(cardOf(answer))).to.match(/Only support agents write in triage threads/);
  });

  it("ignores channel talk that neither mentions the bot nor happens in a ticket's thread", async () => {
    await t.say("ben", { channel: CHANNELS.general, root: "1700000000999" }, "quelqu'un a vu mon chargeur ?", { mention: false });
    expect(t.connector.calls).to.deep.equal([]);
  });

  it("answers a message Teams sends twice (same activity id) once", async () => {
    const chat = personalChatOf(t.user("alice"));
    const activity = messageActivity(t.user("alice"), t.chat("alice"), "j'ai oublié mon mot de passe", { serviceUrl: t.connector.serviceUrl, id: "1700000000123" });
    expect((await t.post(activity)).status).to.equal(200);
    await t.flush();
    expect((await t.post(activity)).status).to.equal(200);
    await t.flush();
    expect(t.connector.postsIn(chat)).to.have.length(1);
    expect(await t.guichet.store.manager.count(ConversationMessage)).to.equal(1);
  });

  it("takes the same message id in two conversations as two messages (Teams ids are per conversation)", async () => {
    const id = "1700000000555";
    await t.say("alice", t.chat("alice"), "j'ai oublié mon mot de passe", { id });
    await t.say("ben", t.chat("ben"), "I forgot my password", { id });
    expect(t.connector.postsIn(personalChatOf(t.user("alice")))).to.have.length(1);
    expect(t.connector.postsIn(personalChatOf(t.user("ben")))).to.have.length(1);
  });

  it("claims once and tells the requester once when the same Claim invoke arrives twice", async () => {
    const { ticket, triage } = await openTicket();
    const root = triage.resultId!;
    const where = { channel: CHANNELS.triageDesk, root };
    const claim = button(cardOf(triage), "ticket.claim");
    const first = await t.press("bruno", where, claim, { replyToId: root, id: "f:claim-1" });
    const second = await t.press("bruno", where, claim, { replyToId: root, id: "f:claim-1" });
    expect(cardText(first.value)).to.include("Bruno Agent");
    // The repeat is answered with the card as it is, not with "already claimed".
    expect(second.type).to.equal("application/vnd.microsoft.card.adaptive");
    expect(verbsOf(second.value)).to.not.include("ticket.claim");
    const notices = t.connector.postsIn(personalChatOf(t.user("alice"))).filter((c) => /a pris en charge/.test(cardText(cardOf(c))));
    expect(notices).to.have.length(1);
    expect((await t.guichet.store.manager.findOneOrFail(Ticket, { where: { id: ticket.id } })).assigneeId).to.not.equal(null);
  });

  it("takes an Action.Submit press (older clients) and updates the pressed card in place", async () => {
    const { ticket, triage } = await openTicket();
    const root = triage.resultId!;
    const claim = button(cardOf(triage), "ticket.claim");
    const answer = await t.post(submitActivity(t.user("bruno"), { channel: CHANNELS.triageDesk, root }, claim.data, { serviceUrl: t.connector.serviceUrl, replyToId: root }));
    expect(answer.status).to.equal(200);
    await t.flush();
    expect((await t.guichet.store.manager.findOneOrFail(Ticket, { where: { id: ticket.id } })).status).to.equal("in_progress");
    const updates = t.connector.updatesOf(root);
    expect(updates.length).to.be.greaterThan(0);
    expect(verbsOf(cardOf(updates.at(-1)!))).to.not.include("ticket.claim");
  });

  it("tells only the person who pressed, in a 1:1 chat, that an Action.Submit press is refused, never the channel thread", async () => {
    const { ticket, triage } = await openTicket();
    const root = triage.resultId!;
    const ben = t.user("ben");
    const claim = button(cardOf(triage), "ticket.claim");
    const before = t.connector.calls.length;
    const answer = await t.post(submitActivity(ben, { channel: CHANNELS.triageDesk, root }, claim.data, { serviceUrl: t.connector.serviceUrl, replyToId: root }));
    expect(answer.status).to.equal(200);
    const calls = t.connector.calls.slice(before);
    expect(calls.filter((c) => c.conversationId.startsWith(CHANNELS.triageDesk)), "nothing in the triage channel").to.deep.equal([]);
    const opened = calls.find((c) => c.kind === "create" && c.members);
    expect(opened?.members).to.deep.equal([`29:${ben.aadObjectId}`]);
    const told = calls.find((c) => c.kind === "send" && c.conversationId === oneToOneChatOf(`29:${ben.aadObjectId}`));
    expect(cardText(cardOf(told!))).to.match(/You are not allowed to use "Claim"/);
    expect((await t.guichet.store.manager.findOneOrFail(Ticket, { where: { id: ticket.id } })).assigneeId).to.equal(null);
  });

  it("posts a form asked through Action.Submit as a reply in the thread", async () => {
    const { triage } = await openTicket();
    const root = triage.resultId!;
    const escalate = button(cardOf(triage), "ticket.escalate");
    await t.post(submitActivity(t.user("bruno"), { channel: CHANNELS.triageDesk, root }, escalate.data, { serviceUrl: t.connector.serviceUrl, replyToId: root }));
    const reply = t.connector.repliesIn(CHANNELS.triageDesk, root).at(-1)!;
    expect(cardText(cardOf(reply))).to.include("Escalader vers des experts");
  });

  it("refuses a card press whose data is not a guichet action", async () => {
    const answer = await t.post(invokeActivity(t.user("bruno"), t.chat("bruno"), { verb: "ticket.claim", data: { verb: "ticket.claim", value: "1" } }, { serviceUrl: t.connector.serviceUrl }));
    expect(answer.status).to.equal(400);
  });

  it("escapes people's words in cards: no link, list, date function or mention can be spoofed", async () => {
    await t.say("alice", t.chat("alice"), "[Réinitialiser ici](https://evil.example/login) <at>Bruno</at> **urgent** {{DATE(2030-01-01T00:00:00Z)}}\n- faux point");
    const chat = personalChatOf(t.user("alice"));
    await t.press("alice", t.chat("alice"), ticketOpener(t.connector.lastCard(chat)), { replyToId: t.connector.postsIn(chat).at(-1)!.resultId! });
    const triage = t.connector.calls.find((c) => c.kind === "create" && c.channelId === CHANNELS.triageDesk)!;
    const text = cardText(cardOf(triage));
    expect(text).to.include("\\[Réinitialiser ici\\]\\(https://evil.example/login\\)");
    expect(text).to.include("\\<at\\>Bruno\\</at\\>");
    expect(text).to.include("\\*\\*urgent\\*\\*");
    expect(text).to.not.include("{{DATE");
    expect(text).to.include("\\- faux point");
    expect(JSON.stringify(triage.activity)).to.not.include('"entities"');
    // The notification preview quotes the same words: escaped the same way.
    const summary = String(triage.activity.summary);
    expect(summary).to.include("\\[Réinitialiser ici\\]\\(https://evil.example/login\\)").and.include("\\<at\\>Bruno");
    expect(summary).not.to.match(/(^|[^\\])<at>/);
  });
});
