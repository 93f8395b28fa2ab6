import { expect } from "chai";
import { createServer } from "node:http";
import { TeamsConversationReference } from "../../../src/store/entities/TeamsConversationReference";
import { cardText } from "./support/fake-connector";
import { messageActivity, personalChatOf } from "./support/teams-activities";
import { openTeamsTestDesk, type TeamsTestDesk } from "./support/teams-test-desk";

/** A local address where nothing listens: accepted as this machine's, and no post can go through it. */
async function deadServiceUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/`;
}

describe("Teams channel: service URLs that cannot be delivered to", () => {
  let t: TeamsTestDesk;
  let chat: string;
  beforeEach(async () => {
    t = await openTeamsTestDesk();
    chat = personalChatOf(t.user("alice"));
    // Alice's chat works: the greeting's answer reached her through the fake connector.
    await t.say("alice", t.chat("alice"), "bonjour");
    expect(t.connector.postsIn(chat)).to.have.length(1);
  });
  afterEach(async () => t.close());

  const storedServiceUrl = async () => (await t.guichet.store.manager.findOneByOrFail(TeamsConversationReference, { conversationId: chat })).serviceUrl;

  it("refuses [::1], which the connector cannot resolve, and keeps the reference that works", async () => {
    const answer = await t.post(messageActivity(t.user("alice"), t.chat("alice"), "j'ai oublié mon mot de passe", { serviceUrl: "http://[::1]:3978/" }));
    expect(answer.status).to.equal(403);
    expect(await storedServiceUrl()).to.equal(t.connector.serviceUrl);
  });

  it("delivers through the address that worked when the one the last activity named does not answer, and keeps it", async () => {
    const dead = await deadServiceUrl();
    const answer = await t.post(messageActivity(t.user("alice"), t.chat("alice"), "j'ai oublié mon mot de passe", { serviceUrl: dead }));
    expect(answer.status).to.equal(200);
    await t.flush();
    expect(cardText(t.connector.lastCard(chat)), "the suggestions reached Alice").to.include("Mot de passe oublié ou expiré");
    expect(await storedServiceUrl(), "the working reference is back").to.equal(t.connector.serviceUrl);
  });
});
