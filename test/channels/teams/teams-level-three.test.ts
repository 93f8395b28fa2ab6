import { expect } from "chai";
import { Ticket } from "../../../src/store/entities/Ticket";
import { TicketEvent } from "../../../src/store/entities/TicketEvent";
import { button, inputIdsOf, ticketOpener, verbsOf } from "./support/card-reading";
import { cardOf, cardText } from "./support/fake-connector";
import { installActivity, personalChatOf } from "./support/teams-activities";
import { CHANNELS, openTeamsTestDesk, type TeamsTestDesk } from "./support/teams-test-desk";

const NOTE = "Le pare-feu du VPN rejette ce compte : une règle à revoir côté serveurs.";

/**
 * Level 3 through Teams (activities POSTed to /api/messages, replies caught by the fake connector): Hand on on the
 * network experts' card, its form with the note, the specialists' post in their channel, and their answer going to
 * level 1's and level 2's threads, never to the requester's chat.
 */
describe("Teams channel: handing a ticket on to level 3", () => {
  let t: TeamsTestDesk;
  let ticket: Ticket;
  let triageRoot: string;
  let networkRoot: string;
  const networkThread = () => ({ channel: CHANNELS.expertsNetwork, root: networkRoot });
  const aliceChat = () => personalChatOf(t.user("alice"));

  beforeEach(async () => {
    t = await openTeamsTestDesk();
    await t.post(installActivity(t.user("bruno"), { channel: CHANNELS.general }, { serviceUrl: t.connector.serviceUrl }));
    await t.say("alice", t.chat("alice"), "le VPN refuse ma connexion depuis ce matin");
    await t.press("alice", t.chat("alice"), ticketOpener(t.connector.lastCard(aliceChat())), { replyToId: t.connector.postsIn(aliceChat()).at(-1)!.resultId! });
    ticket = await t.guichet.store.manager.findOneOrFail(Ticket, { where: {} });
    const triage = t.connector.calls.find((c) => c.kind === "create" && c.channelId === CHANNELS.triageDesk)!;
    triageRoot = triage.resultId!;
    const triageThread = { channel: CHANNELS.triageDesk, root: triageRoot };
    const claimed = await t.press("bruno", triageThread, button(cardOf(triage), "ticket.claim"), { replyToId: triageRoot });
    const form = await t.press("bruno", triageThread, button(claimed.value, "ticket.escalate"), { replyToId: triageRoot });
    await t.press("bruno", triageThread, button(form.value, "form.submit"), { replyToId: triageRoot, inputs: { "field.group": "network", "field.note": "Compte actif." } });
    networkRoot = t.connector.calls.find((c) => c.kind === "create" && c.channelId === CHANNELS.expertsNetwork)!.resultId!;
  });
  afterEach(async () => t.close());

  const networkCard = () => cardOf(t.connector.calls.find((c) => c.kind === "create" && c.channelId === CHANNELS.expertsNetwork)!);

  it("refuses Hand on to level 1 and asks a network expert for a note", async () => {
    expect(verbsOf(networkCard())).to.include("ticket.hand_on");
    const refused = await t.press("bruno", networkThread(), button(networkCard(), "ticket.hand_on"), { replyToId: networkRoot });
    expect(String(refused.value)).to.contain(`Seuls les experts du groupe qui a le ticket n°${ticket.id} peuvent le confier au niveau 3.`);

    const form = await t.press("nadia", networkThread(), button(networkCard(), "ticket.hand_on"), { replyToId: networkRoot });
    expect(cardText(form.value)).to.include(`Niveau 3 · n°${ticket.id}`);
    expect(inputIdsOf(form.value as never)).to.deep.equal(["field.note"]);
    const empty = await t.press("nadia", networkThread(), button(form.value, "form.submit"), { replyToId: networkRoot, inputs: { "field.note": "" } });
    expect(cardText(empty.value)).to.include("Ce champ est obligatoire.");
    expect((await t.guichet.store.manager.findOneByOrFail(Ticket, { id: ticket.id })).level).to.equal(2);
  });

  it("hands on with the note once, and brings the specialists' answer to levels 1 and 2, not to the requester", async () => {
    const form = await t.press("nadia", networkThread(), button(networkCard(), "ticket.hand_on"), { replyToId: networkRoot });
    const send = () => t.press("nadia", networkThread(), button(form.value, "form.submit"), { replyToId: networkRoot, inputs: { "field.note": NOTE } });
    await send();
    // The same form sent again (a second click) changes nothing and says so.
    const again = await send();
    expect(cardText(again.value)).to.include(`Le ticket n°${ticket.id} est déjà confié à Infrastructures et centre de données.`);
    expect(await t.guichet.store.manager.count(TicketEvent, { where: { ticketId: ticket.id, type: "hand_on" } })).to.equal(1);

    const posts = t.connector.calls.filter((c) => c.kind === "create" && c.channelId === CHANNELS.expertsInfrastructure);
    expect(posts).to.have.length(1);
    expect(cardText(cardOf(posts[0]))).to.include(`Niveau 3 · ticket n°${ticket.id}`).and.to.include(NOTE);
    expect(cardText(cardOf(t.connector.repliesIn(CHANNELS.triageDesk, triageRoot).at(-1)!))).to.include("Nadia Réseau a confié le ticket au niveau 3\u00a0: Infrastructures et centre de données.");
    const told = t.connector.postsIn(aliceChat()).map((c) => cardText(cardOf(c))).filter((text) => text.includes("spécialistes"));
    expect(told).to.have.length(1);
    const aliceBefore = t.connector.postsIn(aliceChat()).length;

    await t.say("sacha", { channel: CHANNELS.expertsInfrastructure, root: posts[0].resultId! }, "Règle corrigée sur le pare-feu : la connexion passe.", { mention: false });
    const relay = t.connector.repliesIn(CHANNELS.triageDesk, triageRoot).at(-1)!;
    expect(cardText(cardOf(relay))).to.include("Règle corrigée sur le pare-feu");
    expect(verbsOf(cardOf(relay))).to.deep.equal(["ticket.forward"]);
    expect(cardText(cardOf(t.connector.repliesIn(CHANNELS.expertsNetwork, networkRoot).at(-1)!))).to.include("Règle corrigée sur le pare-feu");
    expect(t.connector.postsIn(aliceChat()), "level 3 talks through level 1 only").to.have.length(aliceBefore);
  });
});
