import "reflect-metadata";
import "dotenv/config";
import { createGuichet, guichetOptionsFromEnv } from "./app";
import type { RunningChannel } from "./channels/channel-start";
import { ConsoleChannel } from "./channels/console/console-channel";
import { serveFiles } from "./channels/files-endpoint";
import { routeDeskHooks } from "./channels/hooks/desk-hooks";
import { HttpServer } from "./channels/http-server";
import { chosenChannels, ConfigError, readEnv } from "./config/env";
import { startJobs } from "./jobs";
import { logger } from "./logger";
import { metricsEnabled, metricsEndpoint } from "./ops/metrics-endpoint";
import { claimPidFile } from "./ops/pid-file";
import { Readiness } from "./ops/readiness";
import { stopGracefully, type RunningInstance } from "./ops/shutdown";

/** The composition root: environment → configuration → database and knowledge → channels → scheduled work. */
async function main(): Promise<void> {
  const env = readEnv();
  const channels = chosenChannels(env);
  // In the console the terminal is the chat window: only warnings and errors are logged there unless LOG_LEVEL says so.
  if (channels.includes("console") && process.env.LOG_LEVEL === undefined) logger.level = "warn";

  const options = guichetOptionsFromEnv(env);
  // Other desks that call back (webhook desks) need the HTTP server too, whatever the chat channel.
  const inboundHooks = options.config.externalDesks.some((desk) => desk.connector === "webhook");
  // A chat platform's instance listens at once, so that probes see it start: /readyz says 503 until all is up.
  const readiness = new Readiness();
  const http = channels.includes("slack") || channels.includes("teams") || metricsEnabled(env) || inboundHooks ? new HttpServer(readiness) : null;
  if (http) {
    const bound = await http.listenAt(env.PORT, env.HOST).catch((error: NodeJS.ErrnoException) => {
      throw new ConfigError(`Cannot listen on ${env.HOST ?? "0.0.0.0"} port ${env.PORT} (${error.code ?? error.message}): check HOST and PORT.`);
    });
    logger.info({ event: "http.listening", host: bound.address, port: bound.port }, `listening on ${bound.address} port ${bound.port}`);
  }

  const guichet = await createGuichet(options);
  // `guichet restore` refuses to replace the SQLite file under a running desk: it reads this pid file.
  const releasePidFile = env.DATABASE_URL ? () => undefined : claimPidFile(env.GUICHET_DB_FILE);
  // Files are served only where guichet has a public address to give Teams; elsewhere nobody could reach them.
  if (http && env.GUICHET_PUBLIC_URL) serveFiles(http, guichet.files);
  readiness.up("database");
  readiness.up("knowledge");
  if (http && metricsEnabled(env)) http.route("GET", "/metrics", metricsEndpoint({ store: guichet.store, token: env.METRICS_TOKEN }), { probe: true });
  logger.info({ event: "start", channels, database: env.DATABASE_URL ? "postgresql" : "sqlite" }, "guichet starting");

  const instance: RunningInstance = { readiness, guichet, http, channels: [] as RunningChannel[], jobs: null };
  let stopping: Promise<void> | null = null;
  const stop = (reason: string) => {
    stopping ??= (async () => {
      logger.info({ event: "shutdown.requested", reason });
      // Out of time is not a failure of the stop: what was not delivered waits in the outbox (and the log says so).
      await stopGracefully(instance, env.SHUTDOWN_TIMEOUT_SECONDS * 1000);
      releasePidFile();
      process.exit(0);
    })();
    return stopping;
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));
  // Every request handler awaits its work and answers its own failures; a promise a library left unhandled must not
  // end the process for everyone either (Node's default): it is logged, with its stack, and serving goes on.
  process.on("unhandledRejection", (reason) => logger.error({ event: "process.unhandled_rejection", err: reason }));

  // Each platform's SDK is loaded only when its channel opens: Bolt and botbuilder take a second or more each to load,
  // and a restart after a crash is that much shorter.
  if (channels.includes("slack")) {
    const { startSlackChannel } = await import("./channels/slack");
    instance.channels.push(await startSlackChannel({ guichet, env, http: http as HttpServer }));
  }
  if (channels.includes("teams")) {
    const { startTeamsChannel } = await import("./channels/teams");
    instance.channels.push(await startTeamsChannel({ guichet, env, http: http as HttpServer }));
  }
  if (http && options.externalSecrets) {
    const hooks = routeDeskHooks(http, guichet.desk, guichet.config, options.externalSecrets);
    if (hooks.length > 0) logger.info({ event: "desk_hooks.listening", routes: hooks }, "other desks may call back");
  }
  guichet.outbox.start();
  // Deliveries stored but not handled when this instance (or another) stopped are taken up now, then every second.
  guichet.inbox.start();
  instance.jobs = await startJobs(guichet);
  readiness.up("channels");
  logger.info({ event: "ready", channels }, "guichet ready");

  if (channels.includes("console")) {
    const console = new ConsoleChannel({ desk: guichet.desk, config: guichet.config, input: process.stdin, output: process.stdout });
    guichet.outbox.register(console);
    await console.run();
    await stop("console closed");
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    logger.fatal({ event: "crash", err: error }, "guichet stopped");
  }
  process.exit(1);
});
