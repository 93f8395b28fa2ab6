import { expect } from "chai";
import { Ticket } from "../../../src/store/entities/Ticket";
import { TicketEvent } from "../../../src/store/entities/TicketEvent";
import { blocksText, lastButton, postedTexts } from "./support/recorded-messages";
import { C, dmOf, SlackTestDesk, U } from "./support/slack-test-desk";

const NOTE = "Le pare-feu du VPN rejette ce compte : une règle à revoir côté serveurs.";

/**
 * Level 3 through Slack (signed requests into the Bolt receiver, Web API on the local fake): the network experts'
 * post has Hand on, its modal asks for a note, the infrastructure specialists get the ticket in their channel and
 * answer in its thread, which reaches level 1's triage thread and level 2's, never the requester.
 */
describe("Slack channel: handing a ticket on to level 3", () => {
  let t: SlackTestDesk;
  let ticket: Ticket;
  let question: string;
  let cardTs: string;
  let networkTs: string;

  beforeEach(async () => {
    t = await SlackTestDesk.open();
    question = await t.dm(U.alice, "le VPN refuse ma connexion depuis ce matin, erreur d'authentification");
    await t.settle();
    const button = [...t.api.calls].reverse().some((c) => JSON.stringify(c.args.blocks ?? "").includes("kb.not_solved")) ? "kb.not_solved" : "kb.open_ticket";
    await t.press(U.alice, lastButton(t.api, button, { channel: dmOf(U.alice), threadTs: question }));
    await t.settle();
    ticket = await t.guichet.store.manager.findOneOrFail(Ticket, { where: {}, order: { id: "DESC" } });
    cardTs = String(t.api.calls.find((c) => c.method === "chat.postMessage" && c.args.channel === C.triage)?.result?.ts);
    await t.press(U.bruno, lastButton(t.api, "ticket.claim", { channel: C.triage }));
    await t.settle();
    await t.press(U.bruno, lastButton(t.api, "ticket.escalate", { channel: C.triage }));
    await t.settle();
    await t.submit(U.bruno, t.openedView(), { group: "network", note: "Compte actif, mot de passe changé hier." });
    await t.settle();
    networkTs = String(t.api.calls.find((c) => c.method === "chat.postMessage" && c.args.channel === C.network)?.result?.ts);
  });
  afterEach(async () => t.close());

  it("refuses Hand on to level 1 privately, and opens the note modal for a network expert", async () => {
    const handOn = lastButton(t.api, "ticket.hand_on", { channel: C.network });
    expect(handOn.label).to.equal("Confier au niveau 3");

    await t.press(U.bruno, handOn);
    await t.settle();
    expect(t.api.callsTo("views.open"), "no modal for level 1").to.have.length(1);
    const refusal = t.api.callsTo("chat.postEphemeral").find((a) => a.user === U.bruno);
    expect(String(refusal?.text)).to.contain(`Seuls les experts du groupe qui a le ticket n°${ticket.id} peuvent le confier au niveau 3.`);

    await t.press(U.nadia, handOn);
    await t.settle();
    const modal = t.openedView();
    expect(modal.title.text).to.equal(`Niveau 3 · n°${ticket.id}`);
    expect(modal.blocks.filter((b) => b.type === "input").map((b) => b.block_id)).to.deep.equal(["note"]);
  });

  it("keeps the modal open on an empty note, then hands on and brings the specialists' answer to level 1 only", async () => {
    await t.press(U.nadia, lastButton(t.api, "ticket.hand_on", { channel: C.network }));
    await t.settle();
    const modal = t.openedView();
    const empty = await t.submit(U.nadia, modal, { note: " " });
    expect(JSON.parse(empty.body)).to.deep.equal({ response_action: "errors", errors: { note: "Ce champ est obligatoire." } });
    expect((await t.guichet.store.manager.findOneByOrFail(Ticket, { id: ticket.id })).level).to.equal(2);

    const submitted = await t.submit(U.nadia, modal, { note: NOTE });
    expect([submitted.status, submitted.body]).to.deep.equal([200, ""]);
    await t.settle();
    const handed = await t.guichet.store.manager.findOneByOrFail(Ticket, { id: ticket.id });
    expect([handed.level, handed.levelThreeGroup]).to.deep.equal([3, "infrastructure"]);

    // The specialists' post, in their channel, with level 2's note.
    const [post] = t.api.posts(C.infrastructure, null);
    expect(blocksText(post.blocks)).to.contain(`Niveau 3 · ticket n°${ticket.id}`).and.to.contain(NOTE).and.to.contain("Nadia Réseau");
    const infraTs = String(t.api.calls.find((c) => c.method === "chat.postMessage" && c.args.channel === C.infrastructure)?.result?.ts);
    expect(postedTexts(t.api, C.triage, cardTs).join("\n")).to.contain("Nadia Réseau a confié le ticket au niveau 3\u00a0: Infrastructures et centre de données.");
    const told = postedTexts(t.api, dmOf(U.alice)).filter((text) => text.includes("spécialistes"));
    expect(told).to.have.length(1);
    expect(told[0]).to.contain("ce qui peut allonger le délai");
    const aliceBefore = t.api.posts(dmOf(U.alice)).length;

    // Sacha answers in the specialists' thread: level 1 (with Forward) and level 2 read it, Alice does not.
    await t.threadReply(U.sacha, C.infrastructure, infraTs, "Règle corrigée sur le pare-feu : la connexion passe.");
    await t.settle();
    expect(postedTexts(t.api, C.triage, cardTs).join("\n")).to.contain("Règle corrigée sur le pare-feu");
    expect(lastButton(t.api, "ticket.forward", { channel: C.triage }).threadTs).to.equal(cardTs);
    expect(postedTexts(t.api, C.network, networkTs).join("\n")).to.contain("Règle corrigée sur le pare-feu");
    expect(t.api.posts(dmOf(U.alice)), "level 3 talks through level 1 only").to.have.length(aliceBefore);
    expect(await t.guichet.store.manager.count(TicketEvent, { where: { ticketId: ticket.id, type: "hand_on" } })).to.equal(1);
  });

  it("hands on once when the modal is sent twice", async () => {
    await t.press(U.nadia, lastButton(t.api, "ticket.hand_on", { channel: C.network }));
    await t.settle();
    const modal = t.openedView();
    const answers = await Promise.all([t.submit(U.nadia, modal, { note: NOTE }), t.submit(U.nadia, modal, { note: NOTE })]);
    expect(answers.map((a) => a.status)).to.deep.equal([200, 200]);
    await t.settle();
    expect(t.api.posts(C.infrastructure, null)).to.have.length(1);
    expect(await t.guichet.store.manager.count(TicketEvent, { where: { ticketId: ticket.id, type: "hand_on" } })).to.equal(1);
    expect(postedTexts(t.api, dmOf(U.alice)).filter((text) => text.includes("spécialistes"))).to.have.length(1);
  });
});
