import { expect } from "chai";
import { Ticket } from "../../../src/store/entities/Ticket";
import { button, verbsOf } from "./support/card-reading";
import { cardOf, cardText, type RecordedCard } from "./support/fake-connector";
import { installActivity, personalChatOf } from "./support/teams-activities";
import { CHANNELS, openTeamsTestDesk, type Persona, type TeamsTestDesk } from "./support/teams-test-desk";

/** The shipped "Arrivée d'un nouvel agent", played in Teams: three teams, each in its triage channel. */
describe("Teams channel: a request that needs several teams", () => {
  let t: TeamsTestDesk;
  beforeEach(async () => {
    t = await openTeamsTestDesk();
    await t.post(installActivity(t.user("bruno"), { channel: CHANNELS.general }, { serviceUrl: t.connector.serviceUrl }));
    // Marie, Alice's manager, approves in her personal chat with the bot.
    await t.post(installActivity(t.user("marie"), t.chat("marie"), { serviceUrl: t.connector.serviceUrl }));
  });
  afterEach(async () => t.close());

  /** The card posted (thread root) in a triage channel, and its thread. */
  function triageCard(channel: string): { card: RecordedCard; root: string; thread: { channel: string; root: string } } {
    const post = t.connector.calls.find((c) => c.kind === "create" && c.channelId === channel);
    if (!post) throw new Error(`no card in ${channel}`);
    return { card: cardOf(post), root: post.resultId!, thread: { channel, root: post.resultId! } };
  }

  /** An agent claims the card of `channel` from the card itself, then resolves it with its form. */
  async function claimAndResolve(agent: Persona, channel: string, answer: string): Promise<void> {
    const { card, root, thread } = triageCard(channel);
    const claimed = await t.press(agent, thread, button(card, "ticket.claim"), { replyToId: root });
    const form = await t.press(agent, thread, button(claimed.value as RecordedCard, "ticket.resolve"), { replyToId: root });
    await t.press(agent, thread, button(form.value as RecordedCard, "form.submit"), { replyToId: root, inputs: { "field.resolution": answer } });
  }

  it("opens the arrival from the catalogue card, Alice's manager approves it, three teams claim and resolve their part, and the request resolves", async () => {
    const alice = t.chat("alice");
    const aliceChat = personalChatOf(t.user("alice"));
    await t.say("alice", alice, "new");
    const catalogue = t.connector.lastCard(aliceChat);
    const catalogueId = t.connector.postsIn(aliceChat).at(-1)!.resultId!;
    const form = await t.press("alice", alice, button(catalogue, "request.start", "new-staff"), { replyToId: catalogueId });
    await t.press("alice", alice, button(form.value as RecordedCard, "form.submit"), {
      replyToId: catalogueId,
      inputs: { "field.name": "Jean Dupont", "field.start": "2026-12-01", "field.unit": "Laboratoire LIS", "field.office": "Bât. A, bureau 12", "field.computer": "mac" },
    });
    const parent = await t.guichet.store.manager.findOneOrFail(Ticket, { where: { workflow: true } });
    const receipt = t.connector.lastCard(aliceChat);
    expect(cardText(receipt)).to.include(`Ticket n°${parent.id} ouvert`).and.to.include("Étapes").and.to.include("▶ 1. Validation du responsable — en attente de Marie Directrice");
    expect(verbsOf(receipt)).to.include("request.cancel");

    const marieChat = personalChatOf(t.user("marie"));
    const asked = t.connector.lastCard(marieChat);
    expect(cardText(asked)).to.include(`Validation demandée · n°${parent.id} · Arrivée d'un nouvel agent`);
    expect(t.connector.calls.some((c) => c.kind === "create" && c.channelId === CHANNELS.triageIdentity), "nothing goes to the teams before the approval").to.equal(false);
    await t.press("marie", t.chat("marie"), button(asked, "request.approve"), { replyToId: t.connector.postsIn(marieChat).at(-1)!.resultId! });

    for (const [channel, title] of [[CHANNELS.triageIdentity, "Compte informatique de Jean Dupont"], [CHANNELS.triageWorkplace, "Poste de travail de Jean Dupont"], [CHANNELS.triageLogistics, "Badge d'accès de Jean Dupont"]]) {
      const { card } = triageCard(channel);
      expect(cardText(card), channel).to.include(title).and.to.include(`n°${parent.id} · Arrivée d'un nouvel agent`);
      expect(verbsOf(card), channel).to.include("ticket.claim");
    }
    expect(verbsOf(triageCard(CHANNELS.triageDesk).card), "the request is worked through its steps").not.to.include("ticket.claim");

    await claimAndResolve("ines", CHANNELS.triageIdentity, "Compte jdupont créé.");
    await claimAndResolve("hugo", CHANNELS.triageWorkplace, "Mac livré au bureau 12.");
    // Card text escapes Markdown's parentheses.
    expect(cardText(t.connector.lastCard(aliceChat))).to.match(/Étape « Poste de travail » terminée \\\(3 sur 4\\\)/).and.to.include("Mac livré au bureau 12.");
    await claimAndResolve("fabien", CHANNELS.triageLogistics, "Badge prêt à l'accueil.");

    const done = t.connector.lastCard(aliceChat);
    expect(cardText(done)).to.include(`Demande n°${parent.id} terminée`);
    const { root } = triageCard(CHANNELS.triageDesk);
    expect(cardText(cardOf(t.connector.updatesOf(root).at(-1)!))).to.include("✓ 1. Validation du responsable — validée par Marie Directrice").and.to.include("✓ 2. Badge d'accès — terminée");
    await t.press("alice", alice, button(done, "ticket.close"), { replyToId: t.connector.postsIn(aliceChat).at(-1)!.resultId! });
    expect((await t.guichet.store.manager.findOneByOrFail(Ticket, { id: parent.id })).status).to.equal("closed");
    expect(await t.guichet.store.manager.countBy(Ticket, { status: "closed" })).to.equal(4);
  });
});
