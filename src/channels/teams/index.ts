import { ConfigError } from "../../config/env";
import type { ChannelStartContext, RunningChannel } from "../channel-start";

/** Starts the Microsoft Teams channel on `POST /api/messages` and registers it with the outbox. */
export async function startTeamsChannel(_context: ChannelStartContext): Promise<RunningChannel> {
  throw new ConfigError("The Teams channel is not available in this version: unset MicrosoftAppId to use the console.");
}
