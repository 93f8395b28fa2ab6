import { expect } from "chai";
import { openPasswordTicket } from "../../support/desk-scenarios";
import { field, lastCard, pollAfter, secrets, ticketOf, toAlice, transfer, transferOf } from "../../support/external-desks";
import { FakeZammad } from "../../support/fake-zammad";
import { alice, openTestDesk, shippedConfigWith, type TestDesk } from "../../support/test-desk";

const config = (zammad = "{ group: 2nd Level }") => shippedConfigWith(`
externalDesks:
  - id: dsi
    label: { fr: Helpdesk DSI, en: IT helpdesk }
    connector: zammad
    pollMinutes: 2
    zammad: ${zammad}
`);

describe("Zammad: a ticket transferred to the IT helpdesk and followed from chat", () => {
  let zammad: FakeZammad;
  let t: TestDesk;
  const open = async (token = zammad.token, zammadSettings?: string) => {
    t = await openTestDesk({ config: config(zammadSettings), externalSecrets: secrets({ dsi: { connector: "zammad", url: zammad.url, token } }) });
  };
  const aliceWithEmail = async (ticketRequesterId: number) =>
    t.guichet.store.manager.query(`UPDATE "person" SET "email" = 'alice@univ-exemple.fr' WHERE "id" = ${ticketRequesterId}`);

  /** Alice's ticket, transferred to Zammad, with nothing delivered since. */
  const transferred = async () => {
    await open();
    const ticket = await openPasswordTicket(t);
    await aliceWithEmail(ticket.requesterId);
    await transfer(t, ticket.id, "dsi");
    const zammadId = Number((await transferOf(t, ticket.id)).externalId);
    t.sender.clear();
    return { ticket, zammadId };
  };

  beforeEach(async () => {
    zammad = new FakeZammad();
    await zammad.start();
  });
  afterEach(async () => {
    await t.close();
    await zammad.close();
  });

  it("creates the ticket in the configured group for the requester as customer, and tells the requester its number", async () => {
    await open();
    const ticket = await openPasswordTicket(t);
    await aliceWithEmail(ticket.requesterId);
    t.sender.clear();
    await transfer(t, ticket.id, "dsi");
    const [created] = [...zammad.tickets.values()];
    expect([created.title, created.group_id, created.priority_id, zammad.customers.get("alice@univ-exemple.fr") === created.customer_id]).to.deep.equal([ticket.title, 2, 2, true]);
    const [first] = zammad.articles;
    expect([first.sender_id, first.internal, first.content_type]).to.deep.equal([2, false, "text/plain"]);
    expect(first.body).to.include("mot de passe").and.include("Merci de changer la borne");
    expect(toAlice(t)).to.deep.equal([
      `Votre demande n°${ticket.id} est désormais traitée par Helpdesk DSI, sous la référence ${created.number}. Ses réponses vous parviendront ici et ce que vous écrivez lui est transmis.`,
    ]);
    expect((await transferOf(t, ticket.id)).externalId).to.equal(String(created.id));
  });

  it("passes the requester's replies on as customer articles, and the agents' public articles back; internal ones stay there", async () => {
    const { ticket, zammadId } = await transferred();

    await t.desk.replyOnTicket(alice, ticket.id, "Le poste est au bureau 12.");
    await t.flush();
    expect(zammad.articles.slice(1).map((a) => [a.body, a.sender_id, a.internal])).to.deep.equal([["Alice Martin (demandeur) : Le poste est au bureau 12.", 2, false]]);

    zammad.agentReply(zammadId, "<p>Bonjour Alice,</p><p>nous passons à 14&nbsp;h.</p>");
    zammad.agentReply(zammadId, "Penser à prendre un câble", { internal: true });
    await pollAfter(t, 2);
    expect(toAlice(t)).to.deep.equal(["Chris Agent (Helpdesk DSI): Bonjour Alice,\nnous passons à 14\u00a0h."]);
    await pollAfter(t, 2);
    expect(toAlice(t)).to.have.length(1);
  });

  it("follows the ticket's states there: open, pending, closed; a closing there closes it here", async () => {
    const { ticket, zammadId } = await transferred();

    zammad.setState(zammadId, "open");
    await pollAfter(t, 2);
    zammad.setState(zammadId, "pending reminder");
    await pollAfter(t, 2);
    expect(field(lastCard(t), "Transfert")).to.equal(`Helpdesk DSI, référence ${zammad.ticket(zammadId).number} : en attente`);
    zammad.agentReply(zammadId, "C'est réparé.", { contentType: "text/plain" });
    zammad.setState(zammadId, "closed");
    await pollAfter(t, 2);
    expect(toAlice(t)).to.deep.equal([
      `Helpdesk DSI indique que votre demande n°${ticket.id} est maintenant «\u00a0en cours\u00a0».`,
      `Helpdesk DSI indique que votre demande n°${ticket.id} est maintenant «\u00a0en attente\u00a0».`,
      "Chris Agent (Helpdesk DSI): C'est réparé.",
      `Helpdesk DSI a clos votre demande n°${ticket.id}.`,
    ]);
    expect((await ticketOf(t, ticket.id)).status).to.equal("closed");
  });

  it("sends Zammad's token as `Token token=…`: a bad one is refused with 401, kept on the card, and retried", async () => {
    await open("not-the-token");
    const ticket = await openPasswordTicket(t);
    await aliceWithEmail(ticket.requesterId);
    await transfer(t, ticket.id, "dsi");
    expect(zammad.tickets.size).to.equal(0);
    expect(field(lastCard(t), "Transfert")).to.equal("vers Helpdesk DSI : en attente de création (dernier essai : Zammad answered 401 Can't find User for Token (creating the ticket))");
    expect((await transferOf(t, ticket.id)).state).to.equal("pending");
  });

  it("fails a transfer at once when Zammad cannot know the requester, and says how to fix it", async () => {
    await open();
    const ticket = await openPasswordTicket(t);
    await transfer(t, ticket.id, "dsi");
    expect((await transferOf(t, ticket.id)).state).to.equal("failed");
    expect(field(lastCard(t), "Transfert")).to.equal(
      "vers Helpdesk DSI : échec (Zammad needs the requester's email (people[].email), or zammad.customer in the desk configuration). Annulez le transfert pour reprendre le ticket.",
    );
  });

  it("uses the configured customer for a requester without an email", async () => {
    await open(zammad.token, "{ group: Users, customer: accueil@univ-exemple.fr }");
    const ticket = await openPasswordTicket(t);
    await transfer(t, ticket.id, "dsi");
    const [created] = [...zammad.tickets.values()];
    expect([created.group_id, created.customer_id]).to.deep.equal([1, zammad.customers.get("accueil@univ-exemple.fr")]);
  });

  it("gives the ticket back to level 1 when it is deleted in Zammad, whether read or written to", async () => {
    await open();
    const ticket = await openPasswordTicket(t);
    await aliceWithEmail(ticket.requesterId);
    await transfer(t, ticket.id, "dsi");
    zammad.tickets.delete(Number((await transferOf(t, ticket.id)).externalId));
    // The requester writes before the next reading: the follow-up meets a 404.
    await t.desk.replyOnTicket(alice, ticket.id, "Des nouvelles ?");
    await t.flush();
    expect([(await ticketOf(t, ticket.id)).status, (await transferOf(t, ticket.id)).state]).to.deep.equal(["acknowledged", "deleted"]);
    expect(t.sender.last("dm:alice").text).to.equal(`Votre demande n°${ticket.id} n’est plus suivie par Helpdesk DSI : le centre de services la reprend.`);
  });
});
