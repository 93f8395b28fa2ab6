import type { LocalizedText } from "../../config/localized-text";
import type { Lang } from "../knowledge/article";

/**
 * What guichet sends a site's endpoint for a self-service action (README, "Self-service actions"): the same `id` on
 * a retry, so that the endpoint acts once.
 */
export interface ActionRequest {
  id: string;
  action: string;
  lang: Lang;
  requester: {
    name: string;
    email: string | null;
    platform: string;
    /** The requester's id on that platform (Slack member id, Teams object id, console login). */
    platformId: string | null;
    profile: string | null;
    site: string | null;
  };
  fields: Record<string, string>;
}

/**
 * What the call gave. ok: the endpoint did it (with a message for the requester, or none). Otherwise why not:
 * timeout (no answer in time), unreachable (no connection), refused (an HTTP error, or an answer that is not the
 * contract's), declined (the endpoint answered `ok: false`); `retryable` when a second try may do better.
 */
export type ActionResult =
  | { ok: true; message: LocalizedText | null }
  | { ok: false; failure: "timeout" | "unreachable" | "refused" | "declined"; detail: string; status?: number; retryable: boolean };

/** Calls the site's endpoint of an action (src/connectors/actions): one signed HTTP call, with a timeout. */
export interface ActionCaller {
  call(request: ActionRequest, timeoutMs: number): Promise<ActionResult>;
}
