import type { webApi } from "@slack/bolt";
import type { Lang } from "../../core/knowledge/article";
import { offeredLanguageOf } from "../../core/messages/languages";
import type { PlatformUser } from "../../core/people/platform-user";
import { logger } from "../../logger";

interface Profile {
  name?: string;
  email?: string;
  locale?: Lang;
}

/** Names change rarely; an hour keeps triage cards right without asking Slack at every message. */
const TTL_MS = 60 * 60 * 1000;
/** A failed lookup (missing scope, unknown user) is not retried at every message either. */
const FAILURE_TTL_MS = 5 * 60 * 1000;
const MAX_ENTRIES = 10_000;

/**
 * Who a Slack user id is: events carry only the id, and a triage card that says "U04QX…" helps nobody. `users.info`
 * gives the real name, the email (which the desk configuration may list instead of a Slack id) and the locale
 * (which picks the requester's language before they write a word). A lookup that fails or takes too long leaves the
 * id alone: the desk still works, with the name it already had.
 */
export class SlackProfiles {
  private readonly profiles = new Map<string, { profile: Profile; until: number }>();
  private readonly lookups = new Map<string, Promise<Profile>>();
  private readonly dms = new Map<string, string>();

  constructor(
    private readonly client: webApi.WebClient,
    private readonly now: () => number = Date.now,
  ) {}

  /** The user as the desk wants it. `budgetMs` bounds the wait (interactions must answer within 3 seconds). */
  async user(id: string, budgetMs?: number): Promise<PlatformUser> {
    const lookup = this.profile(id);
    const profile = budgetMs === undefined ? await lookup : await Promise.race([lookup, delay(budgetMs, {} as Profile)]);
    return { platform: "slack", id, ...profile };
  }

  /** The bot's direct-message channel with a user, where forms opened outside a conversation are answered. */
  async directChannel(userId: string): Promise<string> {
    const known = this.dms.get(userId);
    if (known) return known;
    const opened = await this.client.conversations.open({ users: userId });
    const channel = opened.channel?.id;
    if (!channel) throw new Error("conversations.open returned no channel");
    this.dms.set(userId, channel);
    return channel;
  }

  private profile(id: string): Promise<Profile> {
    const cached = this.profiles.get(id);
    if (cached && cached.until > this.now()) return Promise.resolve(cached.profile);
    const running = this.lookups.get(id);
    if (running) return running;
    const lookup = this.fetch(id).finally(() => this.lookups.delete(id));
    this.lookups.set(id, lookup);
    return lookup;
  }

  private async fetch(id: string): Promise<Profile> {
    let profile: Profile = {};
    let ttl = TTL_MS;
    try {
      const answer = await this.client.users.info({ user: id, include_locale: true });
      const user = answer.user;
      const name = user?.profile?.real_name || user?.real_name || user?.profile?.display_name || user?.name;
      profile = {
        ...(name ? { name } : {}),
        ...(user?.profile?.email ? { email: user.profile.email } : {}),
        // Slack's locale ("de-DE") counts when the desk offers its language.
        ...(offeredLanguageOf(user?.locale) ? { locale: offeredLanguageOf(user?.locale) } : {}),
      };
    } catch (error) {
      ttl = FAILURE_TTL_MS;
      logger.warn({ event: "slack.profile_failed", user: id, error: (error as Error).message });
    }
    if (this.profiles.size >= MAX_ENTRIES) this.profiles.clear();
    this.profiles.set(id, { profile, until: this.now() + ttl });
    return profile;
  }
}

function delay<T>(ms: number, value: T): Promise<T> {
  return new Promise((resolve) => setTimeout(() => resolve(value), ms).unref());
}
