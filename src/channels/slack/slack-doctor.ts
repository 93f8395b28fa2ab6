import { readFileSync } from "node:fs";
import path from "node:path";
import { webApi } from "@slack/bolt";
import { parse } from "yaml";
import type { DeskConfig } from "../../config/desk-config-schema";
import { PACKAGE_ROOT } from "../../config/env";
import { fail, ok, skip, type Check } from "../../ops/doctor/check";
import { configuredPlaces, rolesOf } from "../../ops/doctor/configured-places";
import { slackClientOptions } from "./slack-app";

/** The Slack app manifest people paste to create the app: its bot scopes are what guichet needs. */
export const SLACK_MANIFEST_FILE = path.join(PACKAGE_ROOT, "manifest", "slack.yaml");

export interface SlackDoctorInput {
  botToken: string;
  /** SLACK_API_URL (tests: the local fake). */
  apiUrl?: string;
  config: DeskConfig;
  /** The desk configuration file, named in what to do. */
  configFile: string;
}

/**
 * `guichet doctor`'s Slack part, with the bot token: the token works (`auth.test`), it was granted every scope of
 * the manifest (Slack lists them in the `x-oauth-scopes` answer header), every configured channel exists and has
 * the bot as a member (`conversations.info`), every configured member id exists (`users.info`) and every
 * configured email belongs to a Slack account (`users.lookupByEmail`).
 */
export async function checkSlack(input: SlackDoctorInput): Promise<Check[]> {
  const client = new webApi.WebClient(input.botToken, slackClientOptions(input.apiUrl));
  let identity: webApi.AuthTestResponse;
  try {
    identity = await client.auth.test();
  } catch (error) {
    return [fail(`Slack refused SLACK_BOT_TOKEN (auth.test: ${slackError(error)})`, "copy the Bot User OAuth Token (xoxb-…) from the app's OAuth & Permissions page into SLACK_BOT_TOKEN")];
  }
  const checks: Check[] = [ok(`Slack token works: bot @${identity.user ?? "?"} (${identity.user_id ?? "?"}) in workspace ${identity.team ?? identity.team_id ?? "?"}`)];
  checks.push(scopesCheck(identity.response_metadata?.scopes));
  for (const place of configuredPlaces(input.config, "slack")) checks.push(await channelCheck(client, place.id, rolesOf(place), input.configFile));
  checks.push(...(await peopleChecks(client, input.config)));
  checks.push(...(await emailChecks(client, input.config)));
  return checks;
}

/** The bot scopes `manifest/slack.yaml` asks for. */
export function manifestScopes(file: string = SLACK_MANIFEST_FILE): string[] {
  const manifest = parse(readFileSync(file, "utf8")) as { oauth_config?: { scopes?: { bot?: string[] } } };
  return manifest.oauth_config?.scopes?.bot ?? [];
}

function scopesCheck(granted: string[] | undefined): Check {
  const wanted = manifestScopes();
  if (!granted) return skip("Slack scopes not checked: Slack's answer did not list the token's scopes");
  const missing = wanted.filter((scope) => !granted.includes(scope));
  if (missing.length === 0) return ok(`Slack scopes: the token has all ${wanted.length} scopes of manifest/slack.yaml`);
  return fail(
    `Slack token lacks scopes that manifest/slack.yaml asks for: ${missing.join(", ")}`,
    "add them to the app (paste manifest/slack.yaml again in the app's App Manifest page) and reinstall it to the workspace, then update SLACK_BOT_TOKEN if it changed",
  );
}

async function channelCheck(client: webApi.WebClient, id: string, roles: string, configFile: string): Promise<Check> {
  let channel: webApi.ConversationsInfoResponse["channel"];
  try {
    channel = (await client.conversations.info({ channel: id })).channel;
  } catch (error) {
    const code = slackError(error);
    if (code === "channel_not_found") {
      return fail(
        `Slack channel ${id} (${roles}) not found`,
        `check the id in ${configFile} (channel name → About → Channel ID); for a private channel, invite @guichet first`,
      );
    }
    if (code === "missing_scope") return fail(`Slack channel ${id} (${roles}) cannot be read (missing_scope)`, "grant channels:read and groups:read: paste manifest/slack.yaml again and reinstall the app");
    return fail(`Slack channel ${id} (${roles}) could not be checked (${code})`);
  }
  const name = channel?.name ? `#${channel.name}` : id;
  if (channel?.is_im || channel?.is_mpim) return fail(`Slack conversation ${id} (${roles}) is a direct message, not a channel`, `put a channel id (C… or G…) in ${configFile}`);
  if (channel?.is_archived) return fail(`Slack channel ${name} (${id}, ${roles}) is archived`, `unarchive it, or put another channel's id in ${configFile}`);
  if (!channel?.is_member) return fail(`Slack channel ${name} (${id}, ${roles}): the bot is not a member`, `invite @guichet to ${name} (type /invite @guichet in the channel)`);
  return ok(`Slack channel ${name} (${id}, ${roles}): the bot is a member`);
}

async function peopleChecks(client: webApi.WebClient, config: DeskConfig): Promise<Check[]> {
  const checks: Check[] = [];
  let found = 0;
  for (const person of config.people) {
    for (const id of person.slack) {
      try {
        const { user } = await client.users.info({ user: id });
        if (user?.deleted) checks.push(fail(`Slack member ${id} of ${person.name} (${person.role}) is deactivated`, "remove it from people, or give their current member id"));
        else found += 1;
      } catch (error) {
        const code = slackError(error);
        checks.push(code === "user_not_found"
          ? fail(`Slack member ${id} of ${person.name} (${person.role}) does not exist in this workspace`, "copy their member id from their Slack profile (⋮ → Copy member ID)")
          : fail(`Slack member ${id} of ${person.name} could not be checked (${code})`));
      }
    }
  }
  if (found > 0 || checks.length === 0) checks.unshift(ok(`Slack member ids of people: ${found} found`));
  return checks;
}

async function emailChecks(client: webApi.WebClient, config: DeskConfig): Promise<Check[]> {
  const checks: Check[] = [];
  let found = 0;
  for (const person of config.people) {
    if (!person.email) continue;
    try {
      await client.users.lookupByEmail({ email: person.email });
      found += 1;
    } catch (error) {
      const code = slackError(error);
      checks.push(code === "users_not_found"
        ? fail(`email ${person.email} of ${person.name} (${person.role}) has no Slack account`, "correct the address, or give their Slack member id under slack:")
        : fail(`email ${person.email} of ${person.name} could not be checked (${code})`, code === "missing_scope" ? "grant users:read.email: paste manifest/slack.yaml again and reinstall the app" : undefined));
    }
  }
  if (found > 0) checks.unshift(ok(`people's emails: ${found} found in Slack`));
  return checks;
}

/** Slack's error code (`invalid_auth`, `channel_not_found`…), or what went wrong on the way. */
function slackError(error: unknown): string {
  const coded = error as { data?: { error?: string }; message?: string };
  return coded.data?.error ?? coded.message ?? String(error);
}
