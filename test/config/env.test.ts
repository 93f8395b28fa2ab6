import { expect } from "chai";
import { chosenChannels, ConfigError, readEnv } from "../../src/config/env";

describe("environment", () => {
  it("opens the local console when no chat credentials are set", () => {
    const env = readEnv({});
    expect(chosenChannels(env)).to.deep.equal(["console"]);
    expect(env.GUICHET_DB_FILE).to.equal("data/guichet.sqlite");
    expect(env.PORT).to.equal(3000);
    expect(env.HOST, "every interface unless HOST says otherwise").to.equal(undefined);
  });

  it("reads the address to listen on from HOST, and names a bad one", () => {
    expect(readEnv({ HOST: "127.0.0.1" }).HOST).to.equal("127.0.0.1");
    expect(readEnv({ HOST: "::" }).HOST).to.equal("::");
    expect(readEnv({ HOST: "guichet.internal" }).HOST).to.equal("guichet.internal");
    expect(() => readEnv({ HOST: "http://0.0.0.0:3000" })).to.throw(ConfigError, /HOST: must be an IP address or a host name/);
  });

  it("treats empty values as unset, as in a copied .env.example", () => {
    expect(chosenChannels(readEnv({ SLACK_BOT_TOKEN: "", MicrosoftAppId: "" }))).to.deep.equal(["console"]);
  });

  it("opens Slack and Teams when both are configured", () => {
    const env = readEnv({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s", MicrosoftAppId: "app" });
    expect(chosenChannels(env)).to.deep.equal(["slack", "teams"]);
  });

  it("names every bad variable at once", () => {
    expect(() => readEnv({ PORT: "http", DATABASE_URL: "mysql://x", SLACK_BOT_TOKEN: "xoxp-user" }))
      .to.throw(ConfigError)
      .with.property("message")
      .that.matches(/PORT:/)
      .and.matches(/DATABASE_URL: must be a postgres/)
      .and.matches(/SLACK_BOT_TOKEN: must be a bot token/);
  });

  it("reads the outbox's concurrency, empty meaning its default, and refuses what is not a count", () => {
    expect([readEnv({}).GUICHET_OUTBOX_CONCURRENCY, readEnv({ GUICHET_OUTBOX_CONCURRENCY: "" }).GUICHET_OUTBOX_CONCURRENCY]).to.deep.equal([undefined, undefined]);
    expect(readEnv({ GUICHET_OUTBOX_CONCURRENCY: "32" }).GUICHET_OUTBOX_CONCURRENCY).to.equal(32);
    for (const bad of ["0", "many", "2.5", "1000"]) {
      expect(() => readEnv({ GUICHET_OUTBOX_CONCURRENCY: bad }), bad).to.throw(ConfigError, /GUICHET_OUTBOX_CONCURRENCY/);
    }
  });

  it("reads how many days old rows are kept, empty meaning the default", () => {
    const env = readEnv({ GUICHET_KEEP_EVENT_IDS_DAYS: "", GUICHET_KEEP_SENT_MESSAGES_DAYS: "90" });
    expect([env.GUICHET_KEEP_EVENT_IDS_DAYS, env.GUICHET_KEEP_SENT_MESSAGES_DAYS]).to.deep.equal([undefined, 90]);
    expect(() => readEnv({ GUICHET_KEEP_EVENT_IDS_DAYS: "0" })).to.throw(ConfigError, /GUICHET_KEEP_EVENT_IDS_DAYS/);
  });

  it("asks for a way to reach Slack when only the bot token is set", () => {
    expect(() => readEnv({ SLACK_BOT_TOKEN: "xoxb-1" })).to.throw(ConfigError, /SLACK_APP_TOKEN \(Socket Mode\) nor SLACK_SIGNING_SECRET/);
  });
});
