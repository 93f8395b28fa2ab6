import { ConfigError } from "../../config/env";
import type { ChannelStartContext, RunningChannel } from "../channel-start";

/** Starts the Slack channel (Socket Mode or HTTP mode) and registers it with the outbox. */
export async function startSlackChannel(_context: ChannelStartContext): Promise<RunningChannel> {
  throw new ConfigError("The Slack channel is not available in this version: unset SLACK_BOT_TOKEN to use the console.");
}
