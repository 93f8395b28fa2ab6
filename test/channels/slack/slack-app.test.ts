import { expect } from "chai";
import { webApi } from "@slack/bolt";
import { createGuichet, DEFAULT_KB_DIR } from "../../../src/app";
import { HttpServer } from "../../../src/channels/http-server";
import { startSlackChannel } from "../../../src/channels/slack";
import { toDeliveryError } from "../../../src/channels/slack/delivery-errors";
import { createSlackApp, slackClientOptions } from "../../../src/channels/slack/slack-app";
import { SlackIngress } from "../../../src/channels/slack/slack-ingress";
import { Inbox } from "../../../src/core/inbox/inbox";
import { Store } from "../../../src/store/data-source";
import { ConfigError, readEnv } from "../../../src/config/env";
import { FakeSlackApi } from "./support/fake-slack-api";
import { slackDeskConfig } from "./support/slack-test-desk";

describe("Slack channel: start-up and Web API settings", () => {
  it("stops at start with a message naming SLACK_BOT_TOKEN when Slack refuses the token", async () => {
    const api = new FakeSlackApi();
    await api.start();
    api.fail("auth.test", { error: "invalid_auth" });
    const guichet = await createGuichet({ config: slackDeskConfig(), kbDir: DEFAULT_KB_DIR, sqliteFile: ":memory:" });
    try {
      const env = readEnv({ SLACK_BOT_TOKEN: "xoxb-revoked", SLACK_SIGNING_SECRET: "s", SLACK_API_URL: api.apiUrl });
      const error = await startSlackChannel({ guichet, env, http: new HttpServer() }).then(() => null, (e: unknown) => e);
      expect(error).to.be.instanceOf(ConfigError);
      expect((error as Error).message).to.contain("SLACK_BOT_TOKEN").and.to.contain("invalid_auth");
      expect((error as Error).message).not.to.contain("xoxb-revoked");
    } finally {
      await guichet.close();
      await api.close();
    }
  });

  describe("transport", () => {
    let store: Store;
    before(async () => {
      store = await Store.open({ sqliteFile: ":memory:" });
    });
    after(async () => store.close());
    const ingress = () => new SlackIngress(new Inbox(store));

    it("uses Socket Mode when an app-level token is given (no public URL needed)", () => {
      const transport = createSlackApp({ botToken: "xoxb-1", appToken: "xapp-1", signingSecret: "s", identity: { botUserId: "U0BOT", botId: "B0BOT" } }, ingress());
      expect(transport.mode).to.equal("socket");
    });

    it("uses HTTP mode with the signing secret otherwise, and refuses to run with neither", () => {
      expect(createSlackApp({ botToken: "xoxb-1", signingSecret: "s", identity: { botUserId: "U0BOT", botId: "B0BOT" } }, ingress()).mode).to.equal("http");
      expect(() => createSlackApp({ botToken: "xoxb-1", identity: { botUserId: "U0BOT", botId: "B0BOT" } }, ingress())).to.throw(ConfigError);
    });
  });

  it("sets the Web API retries, timeout and rate-limit handling explicitly, and the base URL from SLACK_API_URL", () => {
    const options = slackClientOptions("http://127.0.0.1:9/api");
    expect(options.slackApiUrl).to.equal("http://127.0.0.1:9/api/");
    // One attempt per call: the outbox retries, and a retried chat.postMessage whose answer was lost posts twice.
    expect(options.retryConfig?.retries).to.equal(0);
    expect(options.timeout).to.be.greaterThan(0);
    // A 429 comes back to the outbox at once, which waits Retry-After; the client must not sit on it.
    expect(options.rejectRateLimitedCalls).to.equal(true);
  });

  describe("what the outbox is told about a failed call", () => {
    const platformError = (code: string) => Object.assign(new Error(code), { code: webApi.ErrorCode.PlatformError, data: { ok: false, error: code } });

    it("retries what people can fix while the message waits, with a hint", () => {
      const error = toDeliveryError(platformError("not_in_channel"), "chat.postMessage");
      expect(error.options.permanent).to.equal(false);
      expect(error.message).to.contain("/invite");
    });

    it("gives up on what no retry can fix", () => {
      for (const code of ["channel_not_found", "invalid_blocks", "msg_too_long", "message_not_found"]) {
        expect(toDeliveryError(platformError(code), "chat.postMessage").options.permanent, code).to.equal(true);
      }
    });

    it("waits Retry-After on a rate limit", () => {
      const limited = Object.assign(new Error("limited"), { code: webApi.ErrorCode.RateLimitedError, retryAfter: 42 });
      expect(toDeliveryError(limited, "chat.update").options.retryAfterMs).to.equal(42_000);
    });

    it("retries server errors and network failures, gives up on other HTTP errors", () => {
      const http = (statusCode: number) => Object.assign(new Error("http"), { code: webApi.ErrorCode.HTTPError, statusCode });
      expect(toDeliveryError(http(503), "x").options.permanent).to.equal(false);
      expect(toDeliveryError(http(400), "x").options.permanent).to.equal(true);
      expect(toDeliveryError(Object.assign(new Error("ECONNREFUSED"), { code: webApi.ErrorCode.RequestError }), "x").options.permanent).to.equal(undefined);
    });
  });
});
