import { expect } from "chai";
import { Ticket } from "../../../src/store/entities/Ticket";
import { button } from "./support/card-reading";
import { cardOf, cardText } from "./support/fake-connector";
import { installActivity, personalChatOf } from "./support/teams-activities";
import { CHANNELS, openTeamsTestDesk, type TeamsTestDesk } from "./support/teams-test-desk";

describe("Teams channel: the blocking tag on the ticket card", () => {
  let t: TeamsTestDesk;
  beforeEach(async () => {
    t = await openTeamsTestDesk();
    await t.post(installActivity(t.user("bruno"), { channel: CHANNELS.general }, { serviceUrl: t.connector.serviceUrl }));
  });
  afterEach(async () => t.close());

  it("is set by an agent's press on the triage card: the answer and the post both say so", async () => {
    const alice = t.chat("alice");
    await t.say("alice", alice, "j'ai oublié mon mot de passe");
    const suggestions = t.connector.lastCard(personalChatOf(t.user("alice")));
    await t.press("alice", alice, button(suggestions, "kb.not_solved"), { replyToId: t.connector.postsIn(personalChatOf(t.user("alice"))).at(-1)!.resultId! });
    const ticket = await t.guichet.store.manager.findOneOrFail(Ticket, { where: {} });
    const post = t.connector.calls.find((c) => c.kind === "create" && c.channelId === CHANNELS.triageDesk)!;
    const mark = button(cardOf(post), "ticket.blocking");
    expect([mark.title, mark.data.value]).to.deep.equal(["Marquer bloquant", `${ticket.id}:on`]);

    const pressed = await t.press("bruno", { channel: CHANNELS.triageDesk, root: post.resultId! }, mark, { replyToId: post.resultId! });
    expect(cardText(pressed.value)).to.include("Bloquant: oui, suivi en revue");
    expect(button(pressed.value, "ticket.blocking").data.value).to.equal(`${ticket.id}:off`);
    expect((await t.guichet.store.manager.findOneByOrFail(Ticket, { id: ticket.id })).blocking).to.equal(true);
    expect(cardText(cardOf(t.connector.updatesOf(post.resultId!).at(-1)!))).to.include("Bloquant: oui, suivi en revue");
  });
});
