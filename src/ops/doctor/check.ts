/**
 * One line of `guichet doctor`: what was checked and how it went. A failure says what to do; a skipped check says
 * why it could not run (no network, not configured), and never counts as passed or failed.
 */
export interface Check {
  status: "ok" | "fail" | "skip";
  /** What was found, e.g. "Slack channel #triage (C0123) for team desk: the bot is a member". */
  text: string;
  /** For a failure: what to do about it. */
  fix?: string;
}

export const ok = (text: string): Check => ({ status: "ok", text });
export const fail = (text: string, fix?: string): Check => ({ status: "fail", text, ...(fix ? { fix } : {}) });
export const skip = (text: string): Check => ({ status: "skip", text });

const SYMBOL: Record<Check["status"], string> = { ok: "✓", fail: "✗", skip: "–" };

/** One line per check: `✓ …`, `✗ … → what to do`, `– … (skipped)`. */
export function formatCheck(check: Check): string {
  const fix = check.fix ? ` → ${check.fix}` : "";
  return `${SYMBOL[check.status]} ${check.text}${fix}`;
}

/** A place of the desk configuration that must exist on a platform, and what it is for (for people to read). */
export interface ConfiguredPlace {
  id: string;
  /** e.g. "triage of team desk", "expert group network", "announcements". */
  roles: string[];
}
