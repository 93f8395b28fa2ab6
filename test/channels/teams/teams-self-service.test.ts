import { expect } from "chai";
import { Ticket } from "../../../src/store/entities/Ticket";
import { ActionEndpoint } from "../../support/action-endpoint";
import { UNLOCK_ACCOUNT, shippedConfigWith } from "../../support/config-edits";
import { button, verbsOf } from "./support/card-reading";
import { cardOf, cardText, type RecordedCard } from "./support/fake-connector";
import { installActivity, personalChatOf } from "./support/teams-activities";
import { CHANNELS, openTeamsTestDesk, teamsDeskConfig, type TeamsTestDesk } from "./support/teams-test-desk";

const SECRET = "site-secret-for-actions-0123456789";

/** A self-service action played in Teams, through real HTTP both ways: the Bot Framework and the site's endpoint. */
describe("Teams channel: a self-service action", () => {
  let t: TeamsTestDesk;
  let endpoint: ActionEndpoint;
  beforeEach(async () => {
    endpoint = new ActionEndpoint(SECRET);
    await endpoint.start();
    // The Teams desk's configuration, with the action of the desk configuration's comments.
    const config = teamsDeskConfig();
    config.requestTypes.push(shippedConfigWith((doc) => doc.requestTypes.push(UNLOCK_ACCOUNT)).requestTypes.find((r) => r.id === "unlock-account")!);
    t = await openTeamsTestDesk({ config, actionEndpoints: new Map([["unlock-account", { url: endpoint.url, secret: SECRET }]]) });
    // The app installed in the team of the triage channels.
    await t.post(installActivity(t.user("bruno"), { channel: CHANNELS.general }, { serviceUrl: t.connector.serviceUrl }));
  });
  afterEach(async () => {
    await t.close();
    await endpoint.close();
  });

  /** Alice picks the action in the catalogue, answers its form and confirms; returns the card of the outcome. */
  async function unlock(login: string): Promise<RecordedCard> {
    const alice = t.chat("alice");
    const aliceChat = personalChatOf(t.user("alice"));
    await t.say("alice", alice, "new");
    const catalogueId = t.connector.postsIn(aliceChat).at(-1)!.resultId!;
    const form = await t.press("alice", alice, button(t.connector.lastCard(aliceChat), "request.start", "unlock-account"), { replyToId: catalogueId });
    await t.press("alice", alice, button(form.value as RecordedCard, "form.submit"), { replyToId: catalogueId, inputs: { "field.login": login } });
    const question = t.connector.lastCard(aliceChat);
    expect(cardText(question)).to.include(`Débloquer le compte ${login} ?`);
    expect(verbsOf(question)).to.deep.equal(["action.confirm", "action.cancel"]);
    expect(endpoint.received, "nothing before the confirmation").to.have.length(0);
    await t.press("alice", alice, button(question, "action.confirm"), { replyToId: t.connector.postsIn(aliceChat).at(-1)!.resultId! });
    await t.guichet.desk.selfService.idle();
    await t.flush();
    return t.connector.lastCard(aliceChat);
  }

  it("calls the site's endpoint signed once Alice confirms, and answers her at once with what it did", async () => {
    const answer = await unlock("amartin");
    expect(cardText(answer)).to.include("Débloquer mon compte").and.to.include("Le compte amartin est débloqué : reconnectez-vous.");
    expect(endpoint.unlocked).to.deep.equal(["amartin"]);
    expect(endpoint.received[0].request.requester).to.include({ name: "Alice Martin", platform: "teams" });
    expect(endpoint.refused, "every call signed with the shared secret").to.equal(0);
    expect(await t.guichet.store.manager.count(Ticket)).to.equal(0);
  });

  it("opens a ticket with the endpoint's error on level 1's triage when the action fails", async () => {
    const receipt = await unlock("nobody");
    const aliceChat = personalChatOf(t.user("alice"));
    const [failed] = t.connector.postsIn(aliceChat).slice(-2).map((post) => cardText(cardOf(post)));
    expect(failed).to.include("Je n'ai pas pu le faire moi-même : j'ouvre un ticket pour que le support prenne le relais.");
    expect(cardText(receipt)).to.include("Ticket n°1 ouvert");
    const ticket = await t.guichet.store.manager.findOneOrFail(Ticket, { where: {} });
    expect(ticket.description).to.include('L\'action automatique a échoué : le service a refusé la demande — no account "nobody" in the directory');
    const card = t.connector.calls.find((c) => c.kind === "create" && c.channelId === CHANNELS.triageDesk);
    expect(cardText(cardOf(card!)), "the ticket's card in the desk's triage").to.include(`#${ticket.id} · Débloquer mon compte`).and.to.include("le service a refusé la demande");
  });
});
