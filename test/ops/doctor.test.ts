import { expect } from "chai";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse, stringify } from "yaml";
import { createGuichet, DEFAULT_KB_DIR } from "../../src/app";
import { ConversationReferences } from "../../src/channels/teams/conversation-references";
import { manifestScopes } from "../../src/channels/slack/slack-doctor";
import { runDoctorCommand } from "../../src/commands/doctor";
import { DEFAULT_DESK_CONFIG_FILE, parseDeskConfig } from "../../src/config/desk-config";
import { Store } from "../../src/store/data-source";
import { OutboxMessage } from "../../src/store/entities/OutboxMessage";
import { captureIo } from "../commands/command-io";
import { FakeSlackApi } from "../channels/slack/support/fake-slack-api";
import { FakeConnector } from "../channels/teams/support/fake-connector";
import { installActivity, TENANT } from "../channels/teams/support/teams-activities";
import { freePort } from "../support/guichet-process";
import { emptyPostgres } from "../support/test-store";

const NOW = new Date("2026-11-24T09:00:00Z");
const APP = { appId: "00000000-aaaa-bbbb-cccc-000000000001", password: "client-secret-value", tenant: TENANT };
const TEAM = "19:general-it@thread.tacv2";
const TEAMS_CHANNELS = { triage: "19:triage-desk@thread.tacv2", network: "19:experts-network@thread.tacv2" };

/** The Slack ids a good desk gives its people and channels, all known to the fake with the bot in every channel. */
const SLACK_PEOPLE: Record<string, string> = { alice: "U0ALICE", bruno: "U0BRUNO", lea: "U0LEA", nadia: "U0NADIA", paul: "U0PAUL" };
const MARIE_EMAIL = "marie@univ-exemple.fr";

type ConfigDoc = Record<string, unknown> & {
  teams: Array<{ id: string; triage: Record<string, string> }>;
  expertGroups: Array<{ id: string; channel: Record<string, string> }>;
  people: Array<Record<string, unknown>>;
};

/** The shipped configuration with Slack and Teams ids, as an installer would fill it in. */
function goodConfig(): ConfigDoc {
  const doc = parse(readFileSync(DEFAULT_DESK_CONFIG_FILE, "utf8")) as ConfigDoc;
  for (const person of doc.people) {
    const id = SLACK_PEOPLE[person.console as string];
    if (id) person.slack = [id];
    if (person.console === "marie") person.email = MARIE_EMAIL;
  }
  doc.teams[0].triage.teams = TEAMS_CHANNELS.triage;
  doc.expertGroups.find((g) => g.id === "network")!.channel.teams = TEAMS_CHANNELS.network;
  return doc;
}

function slackChannelsOf(doc: ConfigDoc): string[] {
  return [
    ...doc.teams.map((t) => t.triage.slack),
    ...doc.expertGroups.map((g) => g.channel.slack),
    (doc.announcements as Record<string, string>).slack,
    (doc.management as Record<string, string>).slack,
  ].filter(Boolean);
}

describe("guichet doctor", () => {
  const slack = new FakeSlackApi();
  const teams = new FakeConnector();
  let dir: string;
  let dbFile: string;

  before(async () => {
    await Promise.all([slack.start(), teams.start()]);
    dir = mkdtempSync(path.join(tmpdir(), "guichet-doctor-"));
    dbFile = path.join(dir, "desk.sqlite");
    const store = await Store.open({ sqliteFile: dbFile });
    // The app installed in the team: Teams sends the install to the team's General channel, whose id is the team's.
    await new ConversationReferences(store).remember(installActivity({ aadObjectId: "aad-marie", name: "Marie" }, { channel: TEAM }, { serviceUrl: teams.serviceUrl }) as never);
    await store.close();
  });
  after(async () => Promise.all([slack.close(), teams.close()]));

  beforeEach(() => {
    slack.recover();
    slack.clear();
    slack.users.clear();
    slack.channels.clear();
    for (const [login, id] of Object.entries(SLACK_PEOPLE)) slack.users.set(id, { real_name: login });
    slack.users.set("U0MARIE", { real_name: "Marie Directrice", email: MARIE_EMAIL });
    for (const id of slackChannelsOf(goodConfig())) slack.channels.set(id, { name: `chan-${id.toLowerCase()}`, is_member: true });
    slack.scopes = manifestScopes();
    teams.registration = { ...APP };
    teams.teamChannels.set(TEAM, [TEAM, TEAMS_CHANNELS.triage, TEAMS_CHANNELS.network]);
  });

  function environment(doc: ConfigDoc, overrides: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    const configFile = path.join(mkdtempSync(path.join(dir, "config-")), "desk.yaml");
    writeFileSync(configFile, stringify(doc));
    return {
      GUICHET_DESK_CONFIG: configFile,
      GUICHET_DB_FILE: dbFile,
      SLACK_BOT_TOKEN: "xoxb-doctor-test",
      SLACK_SIGNING_SECRET: "doctor-signing-secret",
      SLACK_API_URL: slack.apiUrl,
      MicrosoftAppId: APP.appId,
      MicrosoftAppPassword: APP.password,
      MicrosoftAppType: "SingleTenant",
      MicrosoftAppTenantId: APP.tenant,
      ...overrides,
    };
  }

  async function doctor(env: NodeJS.ProcessEnv, loginUrl = teams.loginUrl) {
    const io = captureIo();
    const code = await runDoctorCommand([], io, { env, now: () => NOW, teamsLoginUrl: loginUrl });
    const lines = io.out().split("\n").filter((line) => /^[✓✗–] /.test(line));
    return { code, lines, failed: lines.filter((l) => l.startsWith("✗ ")), out: io.out() };
  }

  it("passes on a good desk: one ✓ line per check, exit status 0", async () => {
    const env = environment(goodConfig());
    const { code, lines, failed } = await doctor(env);
    expect(failed, lines.join("\n")).to.deep.equal([]);
    expect(code).to.equal(0);
    expect(lines).to.include.members([
      `✓ desk configuration ${env.GUICHET_DESK_CONFIG}: 4 level-1 teams, 7 expert groups, 11 people`,
      `✓ database ${dbFile}: reachable, all ${(await import("../../migrations")).MIGRATIONS.length} migrations applied`,
      "✓ Slack token works: bot @guichet (U0BOT) in workspace T0TEAM",
      `✓ Slack scopes: the token has all ${manifestScopes().length} scopes of manifest/slack.yaml`,
      "✓ Slack channel #chan-c0triage01 (C0TRIAGE01, triage of team desk): the bot is a member",
      "✓ Slack member ids of people: 5 found",
      "✓ people's emails: 1 found in Slack",
      `✓ Teams app ${APP.appId} obtained a Bot Framework token (tenant ${TENANT})`,
      `✓ Teams channel ${TEAMS_CHANNELS.triage} (triage of team desk): in team ${TEAM}, where the app is installed`,
      "✓ outbox: nothing waiting",
    ]);
    // Every configured Slack channel was looked up, and each person's id.
    expect(slack.callsTo("conversations.info").map((a) => a.channel)).to.have.members(slackChannelsOf(goodConfig()));
    expect(slack.callsTo("users.info").map((a) => a.user)).to.have.members(Object.values(SLACK_PEOPLE));
  });

  it("reports an invalid environment variable and stops there", async () => {
    const { code, failed, lines } = await doctor(environment(goodConfig(), { SLACK_BOT_TOKEN: "not-a-bot-token" }));
    expect(code).to.equal(1);
    expect(failed).to.deep.equal(["✗ Invalid environment (see .env.example): SLACK_BOT_TOKEN: must be a bot token (xoxb-…) → fix the variables named (see .env.example)"]);
    expect(lines).to.have.length(1);
  });

  it("names the file, line and field of a bad desk configuration", async () => {
    const doc = goodConfig();
    doc.categories = [...(doc.categories as Array<Record<string, unknown>>), { id: "wifi", label: "Wi-Fi", expertGroup: "radio" }];
    const env = environment(doc);
    const { code, failed } = await doctor(env);
    expect(code).to.equal(1);
    expect(failed).to.have.length(1);
    expect(failed[0]).to.match(new RegExp(`^✗ The desk configuration has errors: ${env.GUICHET_DESK_CONFIG}:\\d+: categories\\.\\d+\\.expertGroup: unknown expert group "radio"`));
  });

  it("reports a knowledge base folder that cannot be read, and a broken article with its line", async () => {
    const missing = await doctor(environment(goodConfig(), { GUICHET_KB_DIR: path.join(dir, "no-such-kb") }));
    expect(missing.failed).to.deep.equal([`✗ knowledge base ${path.join(dir, "no-such-kb")} cannot be read (ENOENT) → set GUICHET_KB_DIR to the folder of Markdown articles`]);

    const kb = mkdtempSync(path.join(dir, "kb-"));
    cpSync(DEFAULT_KB_DIR, kb, { recursive: true });
    writeFileSync(path.join(kb, "broken.md"), "---\ntitle: Broken\nlang: de\ncategory: accounts\n---\nBody.\n");
    const broken = await doctor(environment(goodConfig(), { GUICHET_KB_DIR: kb }));
    expect(broken.code).to.equal(1);
    expect(broken.failed).to.have.length(1);
    expect(broken.failed[0]).to.match(/^✗ knowledge base: broken\.md:3: /);
  });

  it("checks the desk's messages of GUICHET_MESSAGES_DIR, naming the file, line and key of a wrong one", async () => {
    const messages = mkdtempSync(path.join(dir, "messages-"));
    writeFileSync(path.join(messages, "fr.yaml"), 'greeting: "Bonjour de la DSI !"\n');
    const good = await doctor(environment(goodConfig(), { GUICHET_MESSAGES_DIR: messages }));
    expect(good.failed).to.deep.equal([]);
    expect(good.lines).to.include(`✓ desk's messages ${messages}: 1 in fr written the desk's way`);

    writeFileSync(path.join(messages, "en.yaml"), 'greeting: "Hello"\nreceiptTitle: "Ticket {number} opened"\n');
    const wrong = await doctor(environment(goodConfig(), { GUICHET_MESSAGES_DIR: messages }));
    expect(wrong.code).to.equal(1);
    expect(wrong.failed).to.have.length(1);
    expect(wrong.failed[0]).to.contain(`${messages}/en.yaml:2: receiptTitle: unknown placeholder {number}: this message has {id}`);
  });

  it("reports a database with migrations not applied, without applying them", async () => {
    const file = path.join(mkdtempSync(path.join(dir, "old-")), "old.sqlite");
    const store = await Store.open({ sqliteFile: file });
    const last = store.dataSource.migrations[store.dataSource.migrations.length - 1].name as string;
    await store.dataSource.query("DELETE FROM migrations WHERE name = ?", [last]);
    await store.close();
    const { code, failed } = await doctor(environment(goodConfig(), { GUICHET_DB_FILE: file }));
    expect(code).to.equal(1);
    expect(failed).to.deep.equal([`✗ database ${file}: 1 of ${store.dataSource.migrations.length} migrations not applied (${last}) → start guichet once: it applies them at start (with several instances, start one first)`]);
    const again = await Store.connect({ sqliteFile: file });
    expect(await again.pendingMigrations(), "the doctor changed nothing").to.deep.equal([last]);
    await again.close();
  });

  it("reports a Slack token that Slack refuses", async () => {
    slack.fail("auth.test", { error: "invalid_auth" });
    const { code, failed } = await doctor(environment(goodConfig()));
    expect(code).to.equal(1);
    expect(failed).to.deep.equal(["✗ Slack refused SLACK_BOT_TOKEN (auth.test: invalid_auth) → copy the Bot User OAuth Token (xoxb-…) from the app's OAuth & Permissions page into SLACK_BOT_TOKEN"]);
  });

  it("lists the manifest's scopes the token was not granted", async () => {
    slack.scopes = manifestScopes().filter((s) => s !== "channels:read" && s !== "users:read.email");
    const { failed } = await doctor(environment(goodConfig()));
    expect(failed).to.have.length(1);
    expect(failed[0]).to.match(/^✗ Slack token lacks scopes that manifest\/slack\.yaml asks for: channels:read, users:read\.email → /);
  });

  it("tells to invite the bot to a channel it is not in, and to fix a channel id that does not exist", async () => {
    slack.channels.set("C0EXPNET01", { name: "experts-reseau", is_member: false });
    slack.channels.delete("C0ANNOUNCE");
    const env = environment(goodConfig());
    const { code, failed } = await doctor(env);
    expect(code).to.equal(1);
    expect(failed).to.deep.equal([
      "✗ Slack channel #experts-reseau (C0EXPNET01, expert group network): the bot is not a member → invite @guichet to #experts-reseau (type /invite @guichet in the channel)",
      `✗ Slack channel C0ANNOUNCE (announcements) not found → check the id in ${env.GUICHET_DESK_CONFIG} (channel name → About → Channel ID); for a private channel, invite @guichet first`,
    ]);
  });

  it("reports a person's member id that does not exist and an email with no Slack account", async () => {
    slack.users.delete("U0NADIA");
    slack.users.set("U0MARIE", { real_name: "Marie Directrice", email: "someone-else@univ-exemple.fr" });
    const { failed, lines } = await doctor(environment(goodConfig()));
    expect(failed).to.deep.equal([
      "✗ Slack member U0NADIA of Nadia Réseau (expert) does not exist in this workspace → copy their member id from their Slack profile (⋮ → Copy member ID)",
      `✗ email ${MARIE_EMAIL} of Marie Directrice (manager) has no Slack account → correct the address, or give their Slack member id under slack:`,
    ]);
    expect(lines).to.include("✓ Slack member ids of people: 4 found");
  });

  it("reports Teams credentials that Azure AD refuses", async () => {
    const { code, failed } = await doctor(environment(goodConfig(), { MicrosoftAppPassword: "the-secret-id-not-its-value" }));
    expect(code).to.equal(1);
    expect(failed[0]).to.equal(
      `✗ Teams app ${APP.appId} could not obtain a Bot Framework token: AADSTS7000215: Invalid client secret provided → check MicrosoftAppId, MicrosoftAppPassword (the client secret's value, not its id, and not expired) and MicrosoftAppTenantId`,
    );
  });

  it("skips the Teams token with a note when the token service cannot be reached, and fails nothing for it", async () => {
    const port = await freePort();
    const { code, lines } = await doctor(environment(goodConfig()), `http://127.0.0.1:${port}`);
    expect(lines).to.include(`– Teams token not checked: 127.0.0.1:${port} cannot be reached from here (ECONNREFUSED); run guichet doctor where guichet runs`);
    expect(lines.filter((l) => l.startsWith("– Teams channel")), "the teams cannot be listed without a token either").to.have.length(2);
    expect(code).to.equal(0);
  });

  it("tells to install the app in the team of a channel no stored reference reaches", async () => {
    teams.teamChannels.set(TEAM, [TEAM, TEAMS_CHANNELS.triage]);
    const { code, failed } = await doctor(environment(goodConfig()));
    expect(code).to.equal(1);
    expect(failed).to.deep.equal([
      `✗ Teams channel ${TEAMS_CHANNELS.network} (expert group network): no stored conversation reference reaches it → install the app in the team that holds this channel (Teams → Apps → guichet → Add to a team)`,
    ]);
  });

  it("reports the outbox: messages waiting, the oldest one's age and the last error; and messages given up", async () => {
    const file = path.join(mkdtempSync(path.join(dir, "outbox-")), "desk.sqlite");
    const store = await Store.open({ sqliteFile: file });
    const row = (over: Partial<Omit<OutboxMessage, "payload">>) => store.manager.insert(OutboxMessage, {
      platform: "slack", operation: "post", conversation: "C0TRIAGE01", thread: null, ticketThreadId: null, threadRole: null,
      dedupeKey: null, status: "pending", attempts: 0, nextAttemptAt: NOW, lastError: null, ...over,
      payload: { kind: "notice", lang: "fr", text: "x" },
    });
    await row({ createdAt: new Date(NOW.getTime() - 30_000) });
    // Teams is left out: this database has no conversation reference.
    const env = environment(goodConfig(), { GUICHET_DB_FILE: file, MicrosoftAppId: "" });
    expect((await doctor(env)).lines).to.include("✓ outbox: 1 message waiting, the oldest for 30 s");

    await row({ createdAt: new Date(NOW.getTime() - (2 * 3600 + 5 * 60) * 1000), attempts: 12, lastError: "slack chat.postMessage: not_in_channel (invite the bot to the channel (/invite @guichet))" });
    await row({ status: "failed", attempts: 1, nextAttemptAt: new Date(NOW.getTime() - 3600_000), lastError: "slack chat.postMessage: channel_not_found" });
    await store.close();
    const { code, failed } = await doctor(env);
    expect(code).to.equal(1);
    expect(failed).to.deep.equal([
      "✗ outbox: 2 messages waiting, the oldest for 2 h 05 min; last error: slack chat.postMessage: not_in_channel (invite the bot to the channel (/invite @guichet)) → fix what the last error says (and check that guichet is running): waiting messages then go on their own",
      "✗ outbox: 1 message given up in the last 24 h; last error: slack chat.postMessage: channel_not_found → they are not sent again: fix the cause so that the next ones go (the log's outbox.gave_up events name each)",
    ]);
  });

  it("finds every misconfiguration of a broken desk at once", async () => {
    slack.scopes = manifestScopes().filter((s) => s !== "groups:read");
    slack.channels.set("C0TRIAGE01", { name: "triage", is_member: false });
    slack.users.delete("U0BRUNO");
    teams.teamChannels.set(TEAM, [TEAM]);
    const { code, failed } = await doctor(environment(goodConfig()));
    expect(code).to.equal(1);
    expect(failed.map((l) => l.split(" → ")[0])).to.deep.equal([
      "✗ Slack token lacks scopes that manifest/slack.yaml asks for: groups:read",
      "✗ Slack channel #triage (C0TRIAGE01, triage of team desk): the bot is not a member",
      "✗ Slack member U0BRUNO of Bruno Agent (agent) does not exist in this workspace",
      `✗ Teams channel ${TEAMS_CHANNELS.triage} (triage of team desk): no stored conversation reference reaches it`,
      `✗ Teams channel ${TEAMS_CHANNELS.network} (expert group network): no stored conversation reference reaches it`,
    ]);
  });

  it("checks the channels managers registered instead of the YAML's, and says what they replace", async () => {
    const file = path.join(mkdtempSync(path.join(dir, "registered-")), "desk.sqlite");
    const doc = goodConfig();
    const guichet = await createGuichet({ config: parseDeskConfig(stringify(doc), "desk.yaml"), kbDir: DEFAULT_KB_DIR, sqliteFile: file, now: () => NOW });
    await guichet.desk.runCommand({ platform: "slack", id: "U0MARIE", email: MARIE_EMAIL }, { platform: "slack", conversation: "C0NEWTRIAGE" }, "register", "triage desk");
    await guichet.close();
    const { lines, failed } = await doctor(environment(doc, { GUICHET_DB_FILE: file, MicrosoftAppId: "" }));
    expect(lines).to.include("✓ registered channel: slack C0NEWTRIAGE for triage of team desk, by Marie Directrice on 2026-11-24 (the desk configuration says C0TRIAGE01)");
    expect(failed.map((l) => l.split(" → ")[0])).to.deep.equal(["✗ Slack channel C0NEWTRIAGE (triage of team desk) not found"]);
    expect(slack.callsTo("conversations.info").map((a) => a.channel)).not.to.include("C0TRIAGE01");
  });

  it("says a SQLite database that does not exist yet will be created at start, and creates nothing", async () => {
    const file = path.join(dir, "never-started.sqlite");
    const { lines, code } = await doctor(environment(goodConfig(), { GUICHET_DB_FILE: file }));
    expect(lines).to.include(`– database ${file} does not exist yet: guichet creates it at its first start`);
    expect(code).to.equal(0);
    expect(() => readFileSync(file)).to.throw(/ENOENT/);
  });

  const postgres = process.env.TEST_DATABASE_URL;
  // Only where a PostgreSQL server is given (TEST_DATABASE_URL), like every PostgreSQL test of the suite.
  if (postgres) it("on PostgreSQL: an empty database is created at start; a migrated one passes; an unreachable one fails", async () => {
    const url = postgres as string;
    await emptyPostgres(url);
    const env = environment(goodConfig(), { DATABASE_URL: url });
    expect((await doctor(env)).lines).to.include("– database PostgreSQL (DATABASE_URL) has no guichet tables yet: guichet creates them at its first start");
    await (await Store.open({ databaseUrl: url })).close();
    expect((await doctor(env)).lines).to.include(`✓ database PostgreSQL (DATABASE_URL): reachable, all ${(await import("../../migrations")).MIGRATIONS.length} migrations applied`);
    const down = await doctor(environment(goodConfig(), { DATABASE_URL: `postgres://postgres@127.0.0.1:${await freePort()}/none` }));
    expect(down.failed[0]).to.match(/^✗ database PostgreSQL \(DATABASE_URL\) cannot be opened: .*ECONNREFUSED.* → check DATABASE_URL$/);
  });
});
