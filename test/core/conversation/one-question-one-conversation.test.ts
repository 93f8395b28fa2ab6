import { expect } from "chai";
import { DEFAULT_KB_DIR } from "../../../src/app";
import { loadDeskConfig } from "../../../src/config/desk-config";
import { Conversation } from "../../../src/store/entities/Conversation";
import { Ticket } from "../../../src/store/entities/Ticket";
import { buttonValue } from "../../support/desk-scenarios";
import { alice, dmOf, openTestDesk, type TestDesk } from "../../support/test-desk";

describe("one question, one conversation (chats without threads)", () => {
  let t: TestDesk;
  afterEach(async () => t.close());

  const ask = async (text: string) => {
    await t.desk.receiveMessage({ sender: alice, place: dmOf("alice"), text });
    await t.flush();
  };
  const notSolved = async () => {
    await t.desk.pressButton({ sender: alice, action: "kb.not_solved", value: buttonValue(t, "dm:alice", "kb.not_solved") });
    await t.flush();
    return t.guichet.store.manager.findOneOrFail(Ticket, { where: {}, order: { id: "DESC" } });
  };
  const minutesLater = (minutes: number) => {
    t.clock.now = new Date(t.clock.now.getTime() + minutes * 60_000);
  };

  describe("with the test knowledge base", () => {
    beforeEach(async () => {
      t = await openTestDesk();
    });

    it("sets unanswered suggestions aside when a question on another topic comes, and titles the ticket after the new one", async () => {
      await ask("j'ai oublié mon mot de passe");
      await ask("comment installer une imprimante");
      const ticket = await notSolved();
      expect(ticket.title).to.equal("comment installer une imprimante");
      expect(ticket.description).to.equal("comment installer une imprimante");
      expect(ticket.category).to.equal("printing");
    });

    it("starts a new question after a pause, even on the same topic", async () => {
      await ask("mon mot de passe a expiré");
      minutesLater(11);
      await ask("j'ai oublié mon mot de passe de messagerie");
      const ticket = await notSolved();
      expect(ticket.description).to.equal("j'ai oublié mon mot de passe de messagerie");
    });

    it("adds to the question within the pause when the articles overlap, or when the message finds none", async () => {
      await ask("mon mot de passe a expiré");
      minutesLater(3);
      await ask("j'ai oublié mon mot de passe aussi");
      minutesLater(3);
      await ask("c'est urgent");
      const ticket = await notSolved();
      expect(ticket.title).to.equal("mon mot de passe a expiré");
      expect(ticket.description).to.equal("mon mot de passe a expiré\nj'ai oublié mon mot de passe aussi\nc'est urgent");
    });

    it("keeps the buttons of the set-aside suggestions working, for the question they answered", async () => {
      await ask("j'ai oublié mon mot de passe");
      const first = buttonValue(t, "dm:alice", "kb.not_solved");
      await ask("comment installer une imprimante");
      await t.desk.pressButton({ sender: alice, action: "kb.not_solved", value: first });
      await t.flush();
      const ticket = await t.guichet.store.manager.findOneOrFail(Ticket, { where: {} });
      expect(ticket.title).to.equal("j'ai oublié mon mot de passe");
      expect(ticket.category).to.equal("accounts");
      const states = (await t.guichet.store.manager.find(Conversation, { order: { id: "ASC" } })).map((c) => c.state);
      expect(states).to.deep.equal(["done", "suggesting"]);
    });

    it("goes on whatever the topic in a thread, where the requester chose where to write", async () => {
      const thread = { platform: "console" as const, conversation: "dm:alice", thread: "q1" };
      await t.desk.receiveMessage({ sender: alice, place: thread, text: "j'ai oublié mon mot de passe" });
      minutesLater(30);
      await t.desk.receiveMessage({ sender: alice, place: thread, text: "comment installer une imprimante" });
      expect(await t.guichet.store.manager.count(Conversation)).to.equal(1);
    });
  });

  it("waits as long as the desk configuration says before a pause makes a new question", async () => {
    const config = loadDeskConfig();
    config.desk.newQuestionAfterMinutes = 30;
    t = await openTestDesk({ config });
    await ask("mon mot de passe a expiré");
    minutesLater(20);
    await ask("j'ai oublié mon mot de passe");
    expect(await t.guichet.store.manager.count(Conversation)).to.equal(1);
    minutesLater(31);
    await ask("j'ai oublié mon mot de passe");
    expect(await t.guichet.store.manager.count(Conversation)).to.equal(2);
  });

  it("does not title a VPN problem after the printer question left unanswered (the bundled knowledge base)", async () => {
    t = await openTestDesk({ kbDir: DEFAULT_KB_DIR });
    await ask("mon imprimante ne marche pas");
    await ask("le VPN ne se connecte pas depuis chez moi");
    const ticket = await notSolved();
    expect(ticket.title).to.equal("le VPN ne se connecte pas depuis chez moi");
    expect(ticket.category).to.equal("network");
  });
});
