import type { Guichet } from "../app";
import type { Env } from "../config/env";
import type { HttpServer } from "./http-server";

/** What a chat channel gets to start: the desk, the validated environment, and the shared HTTP server. */
export interface ChannelStartContext {
  guichet: Guichet;
  env: Env;
  http: HttpServer;
}

/** A started channel; `stop` closes its connections (Socket Mode, timers). */
export interface RunningChannel {
  stop(): Promise<void>;
}
