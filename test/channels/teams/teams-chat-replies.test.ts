import { expect } from "chai";
import { button, ticketOpener } from "./support/card-reading";
import { cardText } from "./support/fake-connector";
import { personalChatOf } from "./support/teams-activities";
import { openTeamsTestDesk, type TeamsTestDesk } from "./support/teams-test-desk";

describe("Teams channel: answering where there are no threads", () => {
  let t: TeamsTestDesk;
  beforeEach(async () => {
    t = await openTeamsTestDesk();
  });
  afterEach(async () => t.close());

  it("tells a requester in a personal chat to answer with the Reply button, not in a thread", async () => {
    const chat = personalChatOf(t.user("alice"));
    await t.say("alice", t.chat("alice"), "j'ai oublié mon mot de passe");
    await t.press("alice", t.chat("alice"), ticketOpener(t.connector.lastCard(chat)), { replyToId: t.connector.postsIn(chat).at(-1)!.resultId! });
    const receipt = cardText(t.connector.lastCard(chat));
    expect(receipt).to.contain("Pour compléter votre demande, utilisez le bouton «\u00a0Répondre\u00a0» sous ce message.");
    expect(receipt).not.to.contain("ce fil");
  });

  it("tells someone who replies on a ticket that is not theirs that it is not theirs", async () => {
    const chat = personalChatOf(t.user("alice"));
    await t.say("alice", t.chat("alice"), "j'ai oublié mon mot de passe");
    await t.press("alice", t.chat("alice"), ticketOpener(t.connector.lastCard(chat)), { replyToId: t.connector.postsIn(chat).at(-1)!.resultId! });
    const receipt = t.connector.lastCard(chat);
    // Ben sends the Reply box's data naming Alice's ticket (a forged or forwarded card).
    const reply = button(receipt, "ticket.reply");
    await t.say("ben", t.chat("ben"), "hello");
    const answer = await t.press("ben", t.chat("ben"), reply, { replyToId: "1", inputs: { "reply.text": "this is mine now" } });
    expect(String(answer.value)).to.equal("Ticket #1 is not yours: you cannot write on it. For a request of your own, just write to me.");
  });
});
