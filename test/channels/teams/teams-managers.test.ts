import { expect } from "chai";
import { SlaSweep } from "../../../src/core/sla/sla-sweep";
import { Ticket } from "../../../src/store/entities/Ticket";
import { button, ticketOpener, verbsOf } from "./support/card-reading";
import { cardProblems } from "./support/card-schema";
import { cardText } from "./support/fake-connector";
import { installActivity, personalChatOf } from "./support/teams-activities";
import { CHANNELS, openTeamsTestDesk, type TeamsTestDesk } from "./support/teams-test-desk";

describe("Teams channel: managers step in", () => {
  let t: TeamsTestDesk;
  beforeEach(async () => {
    t = await openTeamsTestDesk();
    await t.post(installActivity(t.user("bruno"), { channel: CHANNELS.general }, { serviceUrl: t.connector.serviceUrl }));
    await t.post(installActivity(t.user("marie"), t.chat("marie"), { serviceUrl: t.connector.serviceUrl }));
  });
  afterEach(async () => t.close());

  it("tells the manager in her chat with the bot of a ticket nobody took in charge, with a link to its card", async () => {
    const aliceChat = personalChatOf(t.user("alice"));
    await t.say("alice", t.chat("alice"), "j'ai oublié mon mot de passe");
    await t.press("alice", t.chat("alice"), ticketOpener(t.connector.lastCard(aliceChat)), { replyToId: t.connector.postsIn(aliceChat).at(-1)!.resultId! });
    const ticket = await t.guichet.store.manager.findOneOrFail(Ticket, { where: {} });
    const root = t.connector.calls.find((c) => c.kind === "create" && c.channelId === CHANNELS.triageDesk)!.resultId!;

    t.clock.now = new Date("2026-11-26T09:00:00Z");
    await new SlaSweep(t.guichet.desk.ctx, t.guichet.desk.tickets).run();
    await t.flush();
    const alert = t.connector.lastCard(personalChatOf(t.user("marie")));
    // Card text is Markdown: the parentheses come escaped.
    expect(cardText(alert)).to.include("L'engagement de prise en charge \\(2 jours ouvrés\\) n'est pas tenu");
    expect(cardText(alert)).to.include(
      `[Voir le ticket n°${ticket.id}](https://teams.microsoft.com/l/message/${encodeURIComponent(CHANNELS.triageDesk)}/${root}?parentMessageId=${root})`,
    );
    expect(cardProblems(alert)).to.deep.equal([]);
  });

  it("sends a request to approve to the manager's chat with Approve and Reject, and Approve starts its clocks", async () => {
    await t.say("alice", t.chat("alice"), "new car-access");
    const aliceChat = personalChatOf(t.user("alice"));
    const form = t.connector.lastCard(aliceChat);
    await t.press("alice", t.chat("alice"), button(form, "form.submit"), {
      replyToId: t.connector.postsIn(aliceChat).at(-1)!.resultId!,
      inputs: { "field.campus": "luminy", "field.plate": "AB-123-CD", "field.until": "2027-06-30" },
    });
    const request = await t.guichet.store.manager.findOneOrFail(Ticket, { where: { requestType: "car-access" } });
    const marieChat = personalChatOf(t.user("marie"));
    const ask = t.connector.lastCard(marieChat);
    expect(cardText(ask)).to.include(`Demande n°${request.id} à valider`);
    expect(verbsOf(ask)).to.deep.equal(["request.approve", "request.reject"]);
    const approved = await t.press("marie", t.chat("marie"), button(ask, "request.approve"), { replyToId: t.connector.postsIn(marieChat).at(-1)!.resultId! });
    expect(verbsOf(approved.value), "the buttons are spent").to.deep.equal([]);
    const after = await t.guichet.store.manager.findOneOrFail(Ticket, { where: { id: request.id } });
    expect([after.approval, after.approvedAt?.toISOString()]).to.deep.equal(["approved", t.clock.now.toISOString()]);
    expect(cardText(t.connector.lastCard(aliceChat))).to.include("Demande validée par Marie Directrice.");
  });
});
