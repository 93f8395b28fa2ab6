import { readFileSync } from "node:fs";
import path from "node:path";
import Ajv from "ajv";
import { expect } from "chai";
import { parse } from "yaml";
import { NOTE_FROM_MESSAGE_SHORTCUT, SLASH_COMMAND, TICKET_FROM_MESSAGE_SHORTCUT } from "../../../src/channels/slack/action-ids";
import { PACKAGE_ROOT } from "../../../src/config/env";

const MANIFEST_FILE = path.join(PACKAGE_ROOT, "manifest", "slack.yaml");
const SCHEMA_FILE = path.join(PACKAGE_ROOT, "test", "channels", "slack", "fixtures", "slack-manifest.schema.1.0.0.json");

interface Manifest {
  features: {
    app_home: { home_tab_enabled: boolean; messages_tab_enabled: boolean; messages_tab_read_only_enabled: boolean };
    shortcuts: Array<{ callback_id: string; type: string }>;
    slash_commands: Array<{ command: string }>;
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: { event_subscriptions: { bot_events: string[] }; interactivity: { is_enabled: boolean }; socket_mode_enabled: boolean };
}

/** Slack's schema, compiled with ajv. Its `regex` keyword (Slack's spelling of `pattern`) is enforced too. */
function manifestValidator() {
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
  ajv.addKeyword({
    keyword: "regex",
    type: "string",
    schemaType: "string",
    validate: (pattern: string, value: string) => new RegExp(pattern).test(value),
  });
  return ajv.compile(JSON.parse(readFileSync(SCHEMA_FILE, "utf8")) as object);
}

describe("manifest/slack.yaml", () => {
  const manifest = parse(readFileSync(MANIFEST_FILE, "utf8")) as Manifest;

  it("is a valid Slack app manifest (Slack's JSON Schema, 1.0.0)", () => {
    const validate = manifestValidator();
    const valid = validate(manifest);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).to.deep.equal([]);
    expect(valid).to.equal(true);
  });

  it("rejects a manifest that breaks the schema (the validator really validates)", () => {
    const validate = manifestValidator();
    const broken = { ...manifest, features: { ...manifest.features, shortcuts: [{ name: "Create a ticket from this message", type: "message", callback_id: "x", description: "x" }] } };
    expect(validate(broken)).to.equal(false);
    expect(validate({ display_information: { name: "guichet", background_color: "blue" } })).to.equal(false);
  });

  it("names the shortcuts and the slash command the app listens for", () => {
    expect(manifest.features.shortcuts.map((s) => [s.type, s.callback_id])).to.deep.equal([
      ["message", TICKET_FROM_MESSAGE_SHORTCUT],
      ["message", NOTE_FROM_MESSAGE_SHORTCUT],
    ]);
    expect(manifest.features.slash_commands.map((c) => c.command)).to.deep.equal([SLASH_COMMAND]);
  });

  it("subscribes to the events the app handles: DMs, mentions, channel threads, App Home", () => {
    expect(manifest.settings.event_subscriptions.bot_events).to.have.members(["app_home_opened", "app_mention", "message.channels", "message.groups", "message.im"]);
    expect(manifest.features.app_home.home_tab_enabled).to.equal(true);
    expect(manifest.features.app_home.messages_tab_enabled).to.equal(true);
    expect(manifest.features.app_home.messages_tab_read_only_enabled, "requesters write to the bot in its Messages tab").to.equal(false);
    expect(manifest.settings.interactivity.is_enabled).to.equal(true);
    expect(manifest.settings.socket_mode_enabled).to.equal(true);
  });

  it("asks for the scopes of every Web API method the app calls, and no more", () => {
    expect(manifest.oauth_config.scopes.bot).to.have.members([
      "app_mentions:read",
      "channels:history",
      "channels:read",
      "groups:history",
      "groups:read",
      "im:history",
      "im:write",
      "chat:write",
      "files:write",
      "commands",
      "users:read",
      "users:read.email",
    ]);
  });
});
