import { expect } from "chai";
import { logger } from "../src/logger";
import { logsOf } from "./support/log-capture";
import { alice, dmOf, openTestDesk, type TestDesk } from "./support/test-desk";

describe("the log", () => {
  let t: TestDesk;
  beforeEach(async () => {
    t = await openTestDesk();
  });
  afterEach(async () => t.close());

  const words = "mon mot de passe secret est Tournesol-42 et je ne peux plus me connecter";

  it("names a failed desk transaction, its database error and code, but never the words it was storing", async () => {
    // The knowledge usage insert (which carries the question) fails: the error holds the statement's parameters.
    await t.guichet.store.manager.query("DROP TABLE knowledge_usage");
    const lines = await logsOf("info", () => t.desk.receiveMessage({ sender: alice, place: dmOf("alice"), text: words }));
    const failed = lines.find((line) => line.event === "desk.failed");
    expect(failed, "the failure is logged").to.not.equal(undefined);
    expect(failed?.err).to.deep.include({ type: "QueryFailedError", code: "SQLITE_ERROR" });
    expect(String((failed?.err as { message?: string }).message)).to.match(/no such table: knowledge_usage/);
    expect(JSON.stringify(lines)).not.to.include("Tournesol");
  });

  it("writes no one's words above debug along the flow, a failed delivery included, and keeps tokens out", async () => {
    const lines = await logsOf("info", async () => {
      t.sender.failWith = new Error("connection reset");
      await t.desk.receiveMessage({ sender: alice, place: dmOf("alice"), text: words });
      await t.flush();
      logger.warn({ event: "test.token", token: "xoxb-0000-secret" });
    });
    expect(lines.map((line) => line.event)).to.include.members(["outbox.retry", "test.token"]);
    expect(JSON.stringify(lines)).not.to.include("Tournesol");
    expect(JSON.stringify(lines)).not.to.include("xoxb-0000-secret");
  });
});
