import type { DeskConfig } from "../../config/desk-config-schema";
import { ConfigError, type Env } from "../../config/env";
import { fail, ok, skip, type Check, type ConfiguredPlace } from "../../ops/doctor/check";
import { configuredPlaces, rolesOf } from "../../ops/doctor/configured-places";
import type { Store } from "../../store/data-source";
import { TeamsConversationReference } from "../../store/entities/TeamsConversationReference";
import { teamsSettings } from "./teams-settings";

/** Where Azure AD hands out tokens; `guichet doctor` asks it for a Bot Framework token. */
export const MICROSOFT_LOGIN_URL = "https://login.microsoftonline.com";
const BOT_FRAMEWORK_SCOPE = "https://api.botframework.com/.default";

export interface TeamsDoctorInput {
  env: Env;
  config: DeskConfig;
  configFile: string;
  /** The database, when it can be read (conversation references are kept there). */
  store: Store | null;
  /** The token service (tests point it at a local fake). */
  loginUrl?: string;
}

/** Why a call could not be made at all (no network, DNS, timeout), as opposed to an answer saying no. */
class Unreachable extends Error {}

/** Azure AD answered, and said no (a wrong secret, an unknown app or tenant). */
class TokenRefused extends Error {}
/**
 * `guichet doctor`'s Teams part: the app id, password and tenant obtain a Bot Framework token from Azure AD
 * (skipped, and said so, when the token service cannot be reached), and every Teams channel of the desk
 * configuration can be posted to: a conversation reference is stored for it or for its team, which the bot gets
 * when the app is installed in that team.
 */
export async function checkTeams(input: TeamsDoctorInput): Promise<Check[]> {
  let settings;
  try {
    settings = teamsSettings(input.env);
  } catch (error) {
    if (error instanceof ConfigError) return [fail(`Teams: ${error.message}`)];
    throw error;
  }
  const checks: Check[] = [];
  let token: string | null = null;
  let offline = false;
  if (settings.localOnly) {
    checks.push(skip("Teams token not checked: no MicrosoftAppId, authentication is off (local use only)"));
  } else if (settings.authentication.MicrosoftAppType === "UserAssignedMSI") {
    checks.push(skip("Teams token not checked: a managed identity obtains its token only on its Azure host"));
  } else {
    const loginUrl = input.loginUrl ?? MICROSOFT_LOGIN_URL;
    try {
      token = await botFrameworkToken(loginUrl, settings.authentication);
      checks.push(ok(`Teams app ${settings.appId} obtained a Bot Framework token (tenant ${settings.tenantId})`));
    } catch (error) {
      if (error instanceof TokenRefused) {
        checks.push(fail(
          `Teams app ${settings.appId} could not obtain a Bot Framework token: ${error.message}`,
          "check MicrosoftAppId, MicrosoftAppPassword (the client secret's value, not its id, and not expired) and MicrosoftAppTenantId",
        ));
      } else if (error instanceof Unreachable) {
        offline = true;
        checks.push(skip(`Teams token not checked: ${new URL(loginUrl).host} cannot be reached from here (${error.message}); run guichet doctor where guichet runs`));
      } else {
        throw error;
      }
    }
  }
  checks.push(...(await referenceChecks(input, token, offline)));
  return checks;
}

/** Client credentials flow, as the Bot Framework SDK does it; throws Unreachable, or a failed check's reason. */
async function botFrameworkToken(loginUrl: string, auth: Record<string, string | undefined>): Promise<string> {
  const tenant = auth.MicrosoftAppType === "SingleTenant" ? auth.MicrosoftAppTenantId : "botframework.com";
  const body = new URLSearchParams({
    grant_type: "client_credentials",
    client_id: auth.MicrosoftAppId ?? "",
    client_secret: auth.MicrosoftAppPassword ?? "",
    scope: BOT_FRAMEWORK_SCOPE,
  });
  const answer = await reach(`${loginUrl.replace(/\/$/, "")}/${encodeURIComponent(tenant ?? "")}/oauth2/v2.0/token`, { method: "POST", body });
  const json = (await answer.json().catch(() => ({}))) as { access_token?: string; error?: string; error_description?: string };
  if (answer.ok && json.access_token) return json.access_token;
  const reason = (json.error_description ?? json.error ?? `HTTP ${answer.status}`).split(/\r?\n/)[0].replace(/\. .*$/, "");
  throw new TokenRefused(reason);
}

async function reach(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new Unreachable(cause?.code ?? cause?.message ?? (error as Error).message);
  }
}

async function referenceChecks(input: TeamsDoctorInput, token: string | null, offline: boolean): Promise<Check[]> {
  const places = configuredPlaces(input.config, "teams");
  if (places.length === 0) return [skip("Teams channels not checked: the desk configuration names none")];
  if (!input.store) return [skip("Teams conversation references not checked: the database cannot be read")];
  const rows = await input.store.manager.find(TeamsConversationReference);
  const teams = new TeamChannels(rows, token, offline);
  const checks: Check[] = [];
  for (const place of places) checks.push(await referenceCheck(place, rows, teams));
  return checks;
}

async function referenceCheck(place: ConfiguredPlace, rows: TeamsConversationReference[], teams: TeamChannels): Promise<Check> {
  const what = `Teams channel ${place.id} (${rolesOf(place)})`;
  if (rows.some((r) => r.conversationId === place.id || r.teamId === place.id)) return ok(`${what}: the app is installed (conversation reference stored)`);
  const team = await teams.teamOf(place.id);
  if (team === "unknown") return skip(`${what}: its team could not be listed (${teams.problem}); no reference is stored for the channel itself`);
  if (team) return ok(`${what}: in team ${team}, where the app is installed`);
  return fail(`${what}: no stored conversation reference reaches it`, "install the app in the team that holds this channel (Teams → Apps → guichet → Add to a team)");
}

/** The channels of the teams the app is installed in, asked of the Bot Connector (`GET /v3/teams/{id}/conversations`). */
class TeamChannels {
  problem = "";
  private listed: Map<string, string[]> | null = null;

  constructor(
    private readonly rows: TeamsConversationReference[],
    private readonly token: string | null,
    private readonly offline: boolean,
  ) {}

  /** The team holding `channel`; null when no installed team has it; "unknown" when a team could not be listed. */
  async teamOf(channel: string): Promise<string | null | "unknown"> {
    const listed = await this.list();
    for (const [team, channels] of listed) if (channels.includes(channel)) return team;
    return this.problem ? "unknown" : null;
  }

  private async list(): Promise<Map<string, string[]>> {
    if (this.listed) return this.listed;
    this.listed = new Map();
    const serviceUrls = new Map<string, string>();
    for (const row of this.rows) if (row.teamId) serviceUrls.set(row.teamId, row.serviceUrl);
    for (const [team, serviceUrl] of serviceUrls) {
      if (this.offline) {
        this.problem = "no network";
        break;
      }
      try {
        const answer = await reach(`${serviceUrl.replace(/\/$/, "")}/v3/teams/${encodeURIComponent(team)}/conversations`, {
          headers: this.token ? { authorization: `Bearer ${this.token}` } : {},
        });
        if (!answer.ok) {
          this.problem = `the Bot Connector answered HTTP ${answer.status}`;
          continue;
        }
        const body = (await answer.json()) as { conversations?: Array<{ id?: string }> };
        this.listed.set(team, (body.conversations ?? []).map((c) => c.id ?? ""));
      } catch (error) {
        if (!(error instanceof Unreachable)) throw error;
        this.problem = `the Bot Connector cannot be reached: ${error.message}`;
      }
    }
    return this.listed;
  }
}
