import { expect } from "chai";
import { readEnv, ConfigError } from "../../../src/config/env";
import { teamsSettings } from "../../../src/channels/teams/teams-settings";
import { isLocalServiceUrl, MAX_ACTIVITY_BYTES } from "../../../src/channels/teams/messages-endpoint";
import { Conversation } from "../../../src/store/entities/Conversation";
import { messageActivity } from "./support/teams-activities";
import { openTeamsTestDesk, type TeamsTestDesk } from "./support/teams-test-desk";

describe("Teams channel: POST /api/messages refuses what it must", () => {
  let t: TeamsTestDesk;
  afterEach(async () => t?.close());

  function question(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return { ...messageActivity(t.user("alice"), t.chat("alice"), "j'ai oublié mon mot de passe", { serviceUrl: t.connector.serviceUrl }), ...overrides };
  }

  describe("in local mode (no MicrosoftAppId)", () => {
    beforeEach(async () => {
      t = await openTeamsTestDesk();
    });

    it("answers 413 to a body over 1 MiB, before parsing it", async () => {
      const answer = await t.post(Buffer.alloc(MAX_ACTIVITY_BYTES + 1, "a"));
      expect(answer.status).to.equal(413);
    });

    it("answers 400 to a body that is not JSON or not an activity", async () => {
      expect((await t.post(Buffer.from("{not json"))).status).to.equal(400);
      expect((await t.post({ hello: "world" })).status).to.equal(400);
      expect((await t.post([question()])).status).to.equal(400);
    });

    it("refuses an activity whose serviceUrl is not on this machine, and calls nothing", async () => {
      const answer = await t.post(question({ serviceUrl: "https://smba.trafficmanager.net/emea/" }));
      expect(answer.status).to.equal(403);
      await t.flush();
      expect(t.connector.calls).to.deep.equal([]);
      expect(await t.guichet.store.manager.count(Conversation)).to.equal(0);
    });

    it("refuses an activity from another Azure AD tenant", async () => {
      const answer = await t.post(question({ channelData: { tenant: { id: "tenant-elsewhere" } }, conversation: { id: "a:x", conversationType: "personal", tenantId: "tenant-elsewhere" } }));
      expect(answer.status).to.equal(403);
      expect(await t.guichet.store.manager.count(Conversation)).to.equal(0);
    });

    it("takes a local activity without a token", async () => {
      const answer = await t.post(question());
      expect(answer.status).to.equal(200);
    });
  });

  describe("with a Microsoft app id", () => {
    beforeEach(async () => {
      t = await openTeamsTestDesk({
        env: { MicrosoftAppId: "00000000-0000-0000-0000-0000000000aa", MicrosoftAppPassword: "not-a-real-secret", MicrosoftAppType: "SingleTenant" },
      });
    });

    it("answers 401 to an activity without a Bot Framework token", async () => {
      const answer = await t.post(question());
      expect(answer.status).to.equal(401);
      expect(await t.guichet.store.manager.count(Conversation)).to.equal(0);
    });

    it("answers 401 to a forged token", async () => {
      const answer = await t.post(question(), { authorization: "Bearer eyJhbGciOiJub25lIn0.eyJpc3MiOiJtZSJ9." });
      expect(answer.status).to.equal(401);
    });
  });

  describe("settings", () => {
    it("only allows service URLs on this machine when authentication is off", () => {
      expect(isLocalServiceUrl("http://127.0.0.1:3978/")).to.equal(true);
      expect(isLocalServiceUrl("http://localhost:3978/")).to.equal(true);
      expect(isLocalServiceUrl("https://smba.trafficmanager.net/emea/")).to.equal(false);
      expect(isLocalServiceUrl("http://127.0.0.1.evil.example/")).to.equal(false);
      expect(isLocalServiceUrl("file:///etc/passwd")).to.equal(false);
      expect(isLocalServiceUrl("http://[::1]:3978/"), "this machine, but the connector cannot resolve it").to.equal(false);
    });

    it("requires the tenant id and the password when an app id is set", () => {
      expect(() => teamsSettings(readEnv({ MicrosoftAppId: "app", MicrosoftAppPassword: "secret" }))).to.throw(ConfigError, /MicrosoftAppTenantId/);
      expect(() => teamsSettings(readEnv({ MicrosoftAppId: "app", MicrosoftAppTenantId: "tenant" }))).to.throw(ConfigError, /MicrosoftAppPassword/);
      expect(teamsSettings(readEnv({})).localOnly).to.equal(true);
    });
  });
});
