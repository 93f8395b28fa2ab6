import "reflect-metadata";
import "dotenv/config";
import { createGuichet, guichetOptionsFromEnv } from "./app";
import type { RunningChannel } from "./channels/channel-start";
import { ConsoleChannel } from "./channels/console/console-channel";
import { HttpServer } from "./channels/http-server";
import { startSlackChannel } from "./channels/slack";
import { startTeamsChannel } from "./channels/teams";
import { chosenChannels, ConfigError, readEnv } from "./config/env";
import { startJobs } from "./jobs";
import { logger } from "./logger";

/** The composition root: environment → configuration → database and knowledge → channels → scheduled work. */
async function main(): Promise<void> {
  const env = readEnv();
  const channels = chosenChannels(env);
  // In the console the terminal is the chat window: only warnings and errors are logged there unless LOG_LEVEL says so.
  if (channels.includes("console") && process.env.LOG_LEVEL === undefined) logger.level = "warn";
  const guichet = await createGuichet(guichetOptionsFromEnv(env));
  logger.info({ event: "start", channels, database: env.DATABASE_URL ? "postgresql" : "sqlite" }, "guichet starting");

  const http = new HttpServer();
  const running: RunningChannel[] = [];
  if (channels.includes("slack")) running.push(await startSlackChannel({ guichet, env, http }));
  if (channels.includes("teams")) running.push(await startTeamsChannel({ guichet, env, http }));
  if (http.hasChannelRoutes) {
    const port = await http.listen(env.PORT);
    logger.info({ event: "http.listening", port }, `listening on port ${port}`);
  }
  guichet.outbox.start();
  const jobs = await startJobs(guichet);

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await jobs.stop();
    for (const channel of running) await channel.stop().catch(() => undefined);
    await http.close();
    await guichet.outbox.drain().catch(() => undefined);
    await guichet.close();
    process.exit(code);
  };
  process.once("SIGINT", () => void stop(0));
  process.once("SIGTERM", () => void stop(0));
  // Every request handler awaits its work and answers its own failures; a promise a library left unhandled must not
  // end the process for everyone either (Node's default): it is logged, with its stack, and serving goes on.
  process.on("unhandledRejection", (reason) => logger.error({ event: "process.unhandled_rejection", err: reason }));

  if (channels.includes("console")) {
    const console = new ConsoleChannel({ desk: guichet.desk, config: guichet.config, input: process.stdin, output: process.stdout });
    guichet.outbox.register(console);
    await console.run();
    await stop(0);
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
