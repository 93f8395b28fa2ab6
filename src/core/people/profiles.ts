import type { DeskConfig } from "../../config/desk-config-schema";
import { localize } from "../../config/localized-text";
import type { Lang } from "../knowledge/article";

/** A person's profile: the one the configuration gives them, else their site's, else none. */
export function profileFor(config: DeskConfig, own: string | undefined, site: string | null | undefined): string | null {
  return own ?? config.sites.find((s) => s.id === site)?.profile ?? null;
}

/** A profile's label; an id the configuration no longer declares is shown as it is. */
export function profileLabel(config: DeskConfig, id: string, lang: Lang): string {
  const profile = config.profiles.find((p) => p.id === id);
  return profile ? localize(profile.label, lang) : id;
}
