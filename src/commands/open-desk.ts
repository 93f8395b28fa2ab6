import { existsSync } from "node:fs";
import path from "node:path";
import { loadDeskConfig } from "../config/desk-config";
import { ConfigError, readEnv } from "../config/env";
import { loadMessageOverrides } from "../core/messages/message-overrides";
import { languagesOfDesk } from "../core/messages/languages";
import { useMessages } from "../core/messages/messages";
import { BusinessCalendar } from "../core/sla/business-calendar";
import { Store } from "../store/data-source";

/** What a command reads from its surroundings, replaceable in tests. */
export interface CommandContext {
  env?: NodeJS.ProcessEnv;
  now?: () => Date;
}

/** The desk's configuration, calendar and database, as the running desk would open them. */
export async function openDesk(context: CommandContext) {
  const env = readEnv(context.env ?? process.env);
  const config = loadDeskConfig(env.GUICHET_DESK_CONFIG ?? undefined, env.GUICHET_MESSAGES_DIR);
  // Reports and digests speak with the desk's own wording and languages, as the running desk does.
  useMessages(loadMessageOverrides(config.messages, env.GUICHET_MESSAGES_DIR), languagesOfDesk(config.desk));
  const calendar = new BusinessCalendar(config.calendar);
  // A command reads what the desk recorded: a file that does not exist is a wrong path, not an empty desk (opening
  // it would create it, and the report would say "0 tickets").
  const file = env.GUICHET_DB_FILE;
  if (!env.DATABASE_URL && file !== ":memory:" && !existsSync(file)) {
    throw new ConfigError(`no guichet database at ${path.resolve(file)}: set GUICHET_DB_FILE or DATABASE_URL`);
  }
  let store: Store;
  try {
    store = await Store.open({ databaseUrl: env.DATABASE_URL, sqliteFile: env.GUICHET_DB_FILE });
  } catch (error) {
    throw new ConfigError(`cannot open the database (${env.DATABASE_URL ? "DATABASE_URL" : env.GUICHET_DB_FILE}): ${(error as Error).message}`);
  }
  return { config, calendar, store };
}
