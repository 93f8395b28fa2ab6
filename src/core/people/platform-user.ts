import type { Lang } from "../knowledge/article";
import type { Platform } from "../../store/entities/PersonIdentity";

/** A person as a chat platform names them, before the directory resolves them to a desk Person. */
export interface PlatformUser {
  platform: Platform;
  /** Slack user id, Teams AAD object id, console login. */
  id: string;
  name?: string;
  email?: string;
  locale?: Lang;
}

/** A place on a platform where the desk talks: a channel or DM, and optionally a thread in it. */
export interface ChatPlace {
  platform: Platform;
  conversation: string;
  thread?: string | null;
  /** A one-to-one chat with the bot (a DM), as opposed to a channel: some commands are for channels only. */
  direct?: boolean;
}
