import "reflect-metadata";
import "dotenv/config";
import { createGuichet, guichetOptionsFromEnv } from "./app";
import { ConsoleChannel } from "./channels/console/console-channel";
import { chosenChannels, ConfigError, readEnv } from "./config/env";
import { logger } from "./logger";

/** The composition root: environment → configuration → database and knowledge → channels → scheduled work. */
async function main(): Promise<void> {
  const env = readEnv();
  const channels = chosenChannels(env);
  // In the console the terminal is the chat window: only warnings and errors are logged there unless LOG_LEVEL says so.
  if (channels.includes("console") && process.env.LOG_LEVEL === undefined) logger.level = "warn";
  const guichet = await createGuichet(guichetOptionsFromEnv(env));
  logger.info({ event: "start", channels, database: env.DATABASE_URL ? "postgresql" : "sqlite" }, "guichet starting");

  const stop = async (code: number) => {
    await guichet.outbox.drain().catch(() => undefined);
    await guichet.close();
    process.exit(code);
  };
  process.once("SIGINT", () => void stop(0));
  process.once("SIGTERM", () => void stop(0));

  if (channels.includes("slack") || channels.includes("teams")) {
    throw new ConfigError(
      `The ${channels.filter((c) => c !== "console").join(" and ")} channel is configured but not available in this version: ` +
        "unset its credentials (or set GUICHET_CHANNEL=console) to use the local console.",
    );
  }

  if (channels.includes("console")) {
    const console = new ConsoleChannel({ desk: guichet.desk, config: guichet.config, input: process.stdin, output: process.stdout });
    guichet.outbox.register(console);
    guichet.outbox.start();
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
