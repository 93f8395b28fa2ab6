import type { DeskConfig } from "../../config/desk-config-schema";
import type { Desk } from "../../core/desk";
import type { SlackProfiles } from "./slack-profiles";

/** What every Slack listener works with: the desk (its only way into the core) and the adapter's small helpers. */
export interface SlackListenerDeps {
  desk: Desk;
  config: DeskConfig;
  profiles: SlackProfiles;
  /** The bot's own user id (from `auth.test`), to recognise mentions of it. */
  botUserId: string;
}

/**
 * How long an interaction waits for a person's profile before going on without it: Slack has been answered, but a
 * modal must open within the 3 seconds its `trigger_id` lives.
 */
export const PROFILE_BUDGET_MS = 800;
