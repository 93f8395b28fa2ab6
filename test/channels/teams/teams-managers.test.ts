import { expect } from "chai";
import { SlaSweep } from "../../../src/core/sla/sla-sweep";
import { Ticket } from "../../../src/store/entities/Ticket";
import { ticketOpener } from "./support/card-reading";
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
});
