import { expect } from "chai";
import { Ticket } from "../../../src/store/entities/Ticket";
import { button, ticketOpener, verbsOf } from "./support/card-reading";
import { cardOf, cardText } from "./support/fake-connector";
import { installActivity, personalChatOf } from "./support/teams-activities";
import { CHANNELS, openTeamsTestDesk, type TeamsTestDesk } from "./support/teams-test-desk";

/** The choices of a form card's select input. */
function choicesOf(card: Record<string, unknown>, inputId: string): Array<{ title: string; value: string }> {
  const input = (card.body as Array<Record<string, unknown>>).find((e) => e.id === inputId);
  return (input?.choices ?? []) as Array<{ title: string; value: string }>;
}

describe("Teams channel: who owns a ticket", () => {
  let t: TeamsTestDesk;
  beforeEach(async () => {
    t = await openTeamsTestDesk();
    await t.post(installActivity(t.user("bruno"), { channel: CHANNELS.general }, { serviceUrl: t.connector.serviceUrl }));
  });
  afterEach(async () => t.close());

  /** Alice's ticket, claimed by Bruno; returns the ticket and its triage thread. */
  async function claimedTicket(): Promise<{ ticket: Ticket; thread: { channel: string; root: string } }> {
    await t.say("alice", t.chat("alice"), "j'ai oublié mon mot de passe");
    const aliceChat = personalChatOf(t.user("alice"));
    await t.press("alice", t.chat("alice"), ticketOpener(t.connector.lastCard(aliceChat)), { replyToId: t.connector.postsIn(aliceChat).at(-1)!.resultId! });
    const triagePost = t.connector.calls.find((c) => c.kind === "create" && c.channelId === CHANNELS.triageDesk)!;
    const thread = { channel: CHANNELS.triageDesk, root: triagePost.resultId! };
    await t.press("bruno", thread, button(cardOf(triagePost), "ticket.claim"), { replyToId: thread.root });
    return { ticket: await t.guichet.store.manager.findOneOrFail(Ticket, { where: {} }), thread };
  }

  it("gives a ticket to a colleague with Assign to…, who is told in her chat with the bot", async () => {
    // Lea has opened her chat with the bot once: the desk can write to her there.
    await t.post(installActivity(t.user("lea"), t.chat("lea"), { serviceUrl: t.connector.serviceUrl }));
    const { ticket, thread } = await claimedTicket();
    const card = cardOf(t.connector.updatesOf(thread.root).at(-1)!);
    expect(verbsOf(card)).to.include("ticket.assign");

    const form = await t.press("bruno", thread, button(card, "ticket.assign"), { replyToId: thread.root });
    const choices = choicesOf(form.value, "field.assignee");
    expect(choices.map((c) => c.title)).to.deep.equal(["Bruno Agent", "Lea Support", "Inès Comptes", "Hugo Postes", "Fabien Logistique", "Marie Directrice (responsable)"]);
    const sent = await t.press("bruno", thread, button(form.value, "form.submit"), {
      replyToId: thread.root,
      inputs: { "field.assignee": choices.find((c) => c.title === "Lea Support")!.value },
    });
    expect(cardText(sent.value)).to.include("Lea Support");

    const leaChat = personalChatOf(t.user("lea"));
    expect(cardText(t.connector.lastCard(leaChat))).to.include(`Bruno Agent vous a confié le ticket n°${ticket.id}`);
    expect(cardText(t.connector.lastCard(personalChatOf(t.user("alice"))))).to.include("Votre demande est désormais suivie par Lea Support");
  });

  it("lets a manager take a ticket over, and tells the agent who had it", async () => {
    await t.post(installActivity(t.user("bruno"), t.chat("bruno"), { serviceUrl: t.connector.serviceUrl }));
    const { ticket, thread } = await claimedTicket();
    const form = await t.press("marie", thread, button(cardOf(t.connector.updatesOf(thread.root).at(-1)!), "ticket.assign"), { replyToId: thread.root });
    const marie = choicesOf(form.value, "field.assignee").find((c) => c.title === "Marie Directrice (responsable)")!;
    await t.press("marie", thread, button(form.value, "form.submit"), { replyToId: thread.root, inputs: { "field.assignee": marie.value } });
    expect(cardText(t.connector.lastCard(personalChatOf(t.user("bruno"))))).to.include(
      `Le ticket n°${ticket.id} « ${ticket.title} » ne vous est plus attribué : Marie Directrice l'a repris.`,
    );
  });
});
