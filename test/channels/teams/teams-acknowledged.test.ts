import { expect } from "chai";
import { messageActivity, personalChatOf } from "./support/teams-activities";
import { openTeamsTestDesk, type TeamsTestDesk } from "./support/teams-test-desk";

describe("Teams channel: acknowledged means stored", () => {
  let t: TeamsTestDesk;
  beforeEach(async () => {
    t = await openTeamsTestDesk();
  });
  afterEach(async () => t.close());

  it("answers 500 to an activity whose effects it cannot store, so that Teams sends it again, and handles the copy once", async () => {
    const activity = messageActivity(t.user("alice"), t.chat("alice"), "j'ai oublié mon mot de passe", { serviceUrl: t.connector.serviceUrl, id: "1700000000001" });
    const chat = personalChatOf(t.user("alice"));
    // The database loses a table for a moment (a failover): the turn fails before anything is committed.
    await t.guichet.store.transaction((m) => m.query('ALTER TABLE "processed_event" RENAME TO "processed_event_away"'));
    const refused = await t.post(activity);
    await t.guichet.store.transaction((m) => m.query('ALTER TABLE "processed_event_away" RENAME TO "processed_event"'));
    await t.flush();
    expect(refused.status).to.equal(500);
    expect(t.connector.postsIn(chat), "nothing said for an activity not stored").to.have.length(0);

    const copies = [await t.post(activity), await t.post(activity)];
    await t.flush();
    expect(copies.map((answer) => answer.status)).to.deep.equal([200, 200]);
    expect(t.connector.postsIn(chat), "one answer for the question, though Teams sent it three times").to.have.length(1);
  });
});
