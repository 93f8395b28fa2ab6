import { expect } from "chai";
import { Conversation } from "../../src/store/entities/Conversation";
import { KnowledgeUsage } from "../../src/store/entities/KnowledgeUsage";
import { Ticket } from "../../src/store/entities/Ticket";
import { TicketEvent } from "../../src/store/entities/TicketEvent";
import { buttonValue, openPasswordTicket, ticketButton } from "../support/desk-scenarios";
import { alice, ben, dmOf, openTestDesk, type TestDesk } from "../support/test-desk";

describe("requester intake", () => {
  let t: TestDesk;
  beforeEach(async () => {
    t = await openTestDesk();
  });
  afterEach(async () => t.close());

  it("suggests the knowledge articles that answer the question, with solved / not solved buttons", async () => {
    await t.desk.receiveMessage({ sender: alice, place: dmOf("alice"), text: "j'ai oublié mon mot de passe" });
    await t.flush();
    const view = t.sender.last("dm:alice");
    expect(view.kind).to.equal("suggestions");
    expect(view.articles?.[0].id).to.equal("fr-mot-de-passe-oublie");
    expect(view.actions?.map((a) => a.action)).to.deep.equal(["kb.solved", "kb.not_solved"]);
  });

  it("answers in English to a question in English", async () => {
    await t.desk.receiveMessage({ sender: alice, place: dmOf("alice"), text: "I forgot my password, how can I reset it?" });
    await t.flush();
    const view = t.sender.last("dm:alice");
    expect(view.lang).to.equal("en");
    expect(view.articles?.[0].id).to.equal("en-forgotten-password");
  });

  it("records a deflection and opens no ticket when the article solved it", async () => {
    await t.desk.receiveMessage({ sender: alice, place: dmOf("alice"), text: "j'ai oublié mon mot de passe" });
    await t.flush();
    await t.desk.pressButton({ sender: alice, action: "kb.solved", value: buttonValue(t, "dm:alice", "kb.solved") });
    await t.flush();
    const solved = await t.guichet.store.manager.find(KnowledgeUsage, { where: { event: "solved" } });
    expect(solved.map((u) => u.articleId)).to.deep.equal(["fr-mot-de-passe-oublie"]);
    expect(await t.guichet.store.manager.count(Ticket)).to.equal(0);
    expect(t.sender.last("dm:alice").text).to.match(/Tant mieux/);
  });

  it("opens a ticket carrying the whole conversation when not solved, and acknowledges it at once", async () => {
    await t.desk.receiveMessage({ sender: alice, place: dmOf("alice"), text: "mon mot de passe a expiré" });
    await t.desk.receiveMessage({ sender: alice, place: dmOf("alice"), text: "le lien de réinitialisation renvoie une erreur 500" });
    await t.flush();
    const ticket = await openPasswordTicketFromCurrentConversation(t);
    expect(ticket.description).to.equal("mon mot de passe a expiré\nle lien de réinitialisation renvoie une erreur 500");
    expect(ticket.status).to.equal("acknowledged");
    expect(ticket.category).to.equal("accounts");
    expect(ticket.team).to.equal("desk");
    expect(ticket.acknowledgedAt?.toISOString()).to.equal(t.clock.now.toISOString());
    const receipt = t.sender.viewsIn("dm:alice").find((v) => v.kind === "receipt");
    expect(receipt?.title).to.equal(`Ticket n°${ticket.id} ouvert`);
    expect(receipt?.text).to.match(/au plus tard mardi 24 novembre à 15:30/);
    const card = t.sender.last("triage:desk");
    expect(card.kind).to.equal("ticket_card");
    expect(card.actions?.map((a) => a.action)).to.include("ticket.claim");
  });

  it("records which suggested articles did not help", async () => {
    await t.desk.receiveMessage({ sender: alice, place: dmOf("alice"), text: "j'ai oublié mon mot de passe" });
    await t.flush();
    await t.desk.pressButton({ sender: alice, action: "kb.not_solved", value: buttonValue(t, "dm:alice", "kb.not_solved") });
    const notSolved = await t.guichet.store.manager.find(KnowledgeUsage, { where: { event: "not_solved" } });
    expect(notSolved.map((u) => u.articleId)).to.include("fr-mot-de-passe-oublie");
  });

  it("writes the creation and the acknowledgement to the audit log", async () => {
    const ticket = await openPasswordTicket(t);
    const events = await t.guichet.store.manager.find(TicketEvent, { where: { ticketId: ticket.id }, order: { id: "ASC" } });
    expect(events.map((e) => [e.type, e.fromStatus, e.toStatus])).to.deep.equal([
      ["created", null, "new"],
      ["acknowledge", "new", "acknowledged"],
    ]);
    expect(events[0].actorId).to.equal(ticket.requesterId);
    expect(events[1].actorId).to.equal(null);
  });

  it("offers to open a ticket instead of suggesting something unrelated", async () => {
    await t.desk.receiveMessage({ sender: alice, place: dmOf("alice"), text: "le logiciel de chromatographie plante au démarrage" });
    await t.flush();
    const offer = t.sender.last("dm:alice");
    expect(offer.kind).to.equal("notice");
    expect(offer.articles).to.equal(undefined);
    expect(offer.actions?.map((a) => a.action)).to.deep.equal(["kb.open_ticket", "kb.cancel"]);
    expect(await t.guichet.store.manager.count(KnowledgeUsage, { where: { event: "no_match" } })).to.equal(1);
    await t.desk.pressButton({ sender: alice, action: "kb.open_ticket", value: buttonValue(t, "dm:alice", "kb.open_ticket") });
    expect(await t.guichet.store.manager.count(Ticket)).to.equal(1);
  });

  it("greets without opening a conversation when the message is only hello", async () => {
    await t.desk.receiveMessage({ sender: alice, place: dmOf("alice"), text: "Bonjour !" });
    await t.flush();
    expect(t.sender.last("dm:alice").kind).to.equal("help");
    expect(await t.guichet.store.manager.count(Conversation)).to.equal(0);
  });

  it("reads the next message of a channel thread opened by a greeting as the question", async () => {
    const thread = { platform: "console" as const, conversation: "channel:general", thread: "T1" };
    await t.desk.receiveMessage({ sender: alice, place: thread, text: "bonjour" });
    await t.desk.receiveMessage({ sender: alice, place: thread, text: "j'ai oublié mon mot de passe", addressed: false });
    await t.flush();
    expect(t.sender.viewsIn("channel:general").map((v) => v.kind)).to.deep.equal(["help", "suggestions"]);
  });

  it("ignores an overheard message in a thread where nobody asked the desk anything", async () => {
    const thread = { platform: "console" as const, conversation: "channel:general", thread: "T2" };
    await t.desk.receiveMessage({ sender: alice, place: thread, text: "j'ai oublié mon mot de passe", addressed: false });
    await t.flush();
    expect(t.sender.viewsIn("channel:general")).to.deep.equal([]);
  });

  it("says a question is over when its buttons are pressed again", async () => {
    await t.desk.receiveMessage({ sender: alice, place: dmOf("alice"), text: "j'ai oublié mon mot de passe" });
    await t.flush();
    const solved = { sender: alice, action: "kb.solved", value: buttonValue(t, "dm:alice", "kb.solved") };
    await t.desk.pressButton(solved);
    expect(await t.desk.pressButton(solved)).to.deep.equal({
      kind: "refused", message: "Cette question est déjà traitée. Écrivez-moi pour une nouvelle demande.",
    });
  });

  it("cuts an oversized message and says so", async () => {
    const long = `imprimante ${"x".repeat(5000)}`;
    await t.desk.receiveMessage({ sender: alice, place: dmOf("alice"), text: long });
    await t.flush();
    const notice = t.sender.viewsIn("dm:alice")[0];
    expect(notice.text).to.match(/dépassait 3000 caractères/);
    await t.desk.pressButton({ sender: alice, action: "kb.not_solved", value: buttonValue(t, "dm:alice", "kb.not_solved") });
    const ticket = await t.guichet.store.manager.findOneOrFail(Ticket, { where: {} });
    expect(ticket.description).to.have.length(3000);
  });

  it("refuses the solved / not solved buttons of someone else's conversation", async () => {
    await t.desk.receiveMessage({ sender: alice, place: dmOf("alice"), text: "j'ai oublié mon mot de passe" });
    await t.flush();
    const outcome = await t.desk.pressButton({ sender: ben, action: "kb.not_solved", value: buttonValue(t, "dm:alice", "kb.not_solved") });
    expect(outcome).to.deep.equal({ kind: "refused", message: "This button belongs to someone else's conversation." });
    expect(await t.guichet.store.manager.count(Ticket)).to.equal(0);
  });

  it("offers to add a new request to the requester's open ticket about the same problem", async () => {
    const first = await openPasswordTicket(t, "impossible de me connecter, mot de passe refusé sur l'ENT");
    t.sender.clear();
    await t.desk.receiveMessage({ sender: alice, place: dmOf("alice"), text: "toujours impossible de me connecter à l'ENT, mot de passe refusé" });
    await t.flush();
    await t.desk.pressButton({ sender: alice, ...ticketButton(t, "dm:alice") });
    await t.flush();
    const offer = t.sender.last("dm:alice");
    expect(offer.actions?.map((a) => a.action)).to.deep.equal(["dup.link", "dup.new"]);
    await t.desk.pressButton({ sender: alice, action: "dup.link", value: buttonValue(t, "dm:alice", "dup.link") });
    await t.flush();
    expect(await t.guichet.store.manager.count(Ticket)).to.equal(1);
    expect(t.sender.last("dm:alice").text).to.equal(`C'est ajouté au ticket n°${first.id}.`);
    const relay = t.sender.last("triage:desk");
    expect(relay.quote?.text).to.match(/toujours impossible/);
  });

  it("opens a second ticket when the requester says it is a new problem", async () => {
    await openPasswordTicket(t, "impossible de me connecter, mot de passe refusé sur l'ENT");
    await t.desk.receiveMessage({ sender: alice, place: dmOf("alice"), text: "toujours impossible de me connecter à l'ENT, mot de passe refusé" });
    await t.flush();
    await t.desk.pressButton({ sender: alice, ...ticketButton(t, "dm:alice") });
    await t.flush();
    await t.desk.pressButton({ sender: alice, action: "dup.new", value: buttonValue(t, "dm:alice", "dup.new") });
    expect(await t.guichet.store.manager.count(Ticket)).to.equal(2);
  });

  it("handles a redelivered event once", async () => {
    const message = { eventId: "Ev-1", sender: alice, place: dmOf("alice"), text: "j'ai oublié mon mot de passe" };
    expect(await t.desk.receiveMessage(message)).to.deep.equal({ kind: "handled" });
    expect(await t.desk.receiveMessage(message)).to.deep.equal({ kind: "duplicate" });
    await t.flush();
    expect(t.sender.viewsIn("dm:alice")).to.have.length(1);
  });
});

async function openPasswordTicketFromCurrentConversation(t: TestDesk): Promise<Ticket> {
  await t.desk.pressButton({ sender: alice, ...ticketButton(t, "dm:alice") });
  await t.flush();
  return t.guichet.store.manager.findOneOrFail(Ticket, { where: {}, order: { id: "DESC" } });
}
