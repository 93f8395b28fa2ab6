import { expect } from "chai";
import { cardText } from "./support/fake-connector";
import { CHANNELS, openTeamsTestDesk, type TeamsTestDesk } from "./support/teams-test-desk";

describe("Teams channel: a manager registers a channel by mentioning guichet in it", () => {
  let t: TeamsTestDesk;
  beforeEach(async () => {
    t = await openTeamsTestDesk();
  });
  afterEach(async () => t.close());

  it("makes it the team's triage channel, answering in the thread of the mention", async () => {
    const channel = "19:nouveau-tri@thread.tacv2";
    await t.say("marie", { channel, root: undefined }, "register triage desk", { id: "1800000000001" });
    expect(t.guichet.config.teams[0].triage.teams).to.equal(channel);
    const answer = t.connector.calls.filter((c) => c.conversationId.startsWith(channel)).at(-1);
    expect(answer, "an answer in the channel").to.not.equal(undefined);
    const said = cardText((answer!.activity.attachments as Array<{ content: Record<string, unknown> }>)[0].content);
    // Card Markdown escapes the parentheses.
    expect(said).to.contain("ce canal est désormais le canal de tri de l’équipe «\u00a0Assistance de proximité\u00a0»");
    expect(said).to.contain(`à la place de ${CHANNELS.triageDesk}`);
    expect(said).to.contain("Pour qu’ils arrivent, l’application guichet doit être installée dans cette équipe.");
  });

  it("is refused to an agent, and to a manager in a personal chat", async () => {
    await t.say("bruno", { channel: "19:nouveau-tri@thread.tacv2" }, "register triage desk");
    await t.say("marie", t.chat("marie"), "register triage desk");
    expect(t.guichet.config.teams[0].triage.teams).to.equal(CHANNELS.triageDesk);
  });
});
