import { expect } from "chai";
import { Ticket } from "../../../src/store/entities/Ticket";
import { button, ticketOpener } from "./support/card-reading";
import { cardOf, cardText } from "./support/fake-connector";
import { installActivity, personalChatOf } from "./support/teams-activities";
import { CHANNELS, openTeamsTestDesk, type TeamsTestDesk } from "./support/teams-test-desk";

describe("Teams channel: a resolution explains the fix", () => {
  let t: TeamsTestDesk;
  beforeEach(async () => {
    t = await openTeamsTestDesk();
    await t.post(installActivity(t.user("bruno"), { channel: CHANNELS.general }, { serviceUrl: t.connector.serviceUrl }));
  });
  afterEach(async () => t.close());

  it("asks for the answer in a required input, and sends the form back with an error when it is empty", async () => {
    const aliceChat = personalChatOf(t.user("alice"));
    await t.say("alice", t.chat("alice"), "j'ai oublié mon mot de passe");
    await t.press("alice", t.chat("alice"), ticketOpener(t.connector.lastCard(aliceChat)), { replyToId: t.connector.postsIn(aliceChat).at(-1)!.resultId! });
    const triagePost = t.connector.calls.find((c) => c.kind === "create" && c.channelId === CHANNELS.triageDesk)!;
    const thread = { channel: CHANNELS.triageDesk, root: triagePost.resultId! };

    const form = await t.press("bruno", thread, button(cardOf(triagePost), "ticket.resolve"), { replyToId: thread.root });
    const input = (form.value.body ?? []).find((e) => e.id === "field.resolution");
    expect(input).to.deep.include({ type: "Input.Text", isRequired: true });

    const again = await t.press("bruno", thread, button(form.value, "form.submit"), { replyToId: thread.root, inputs: { "field.resolution": "" } });
    expect(cardText(again.value)).to.include("Ce champ est obligatoire.");
    expect((await t.guichet.store.manager.findOneOrFail(Ticket, { where: {} })).status).to.equal("acknowledged");
  });
});
