import { existsSync } from "node:fs";
import { DEFAULT_KB_DIR } from "../../app";
import { checkSlack } from "../../channels/slack/slack-doctor";
import { checkTeams } from "../../channels/teams/teams-doctor";
import { DEFAULT_DESK_CONFIG_FILE, loadDeskConfig } from "../../config/desk-config";
import { loadMessageOverrides } from "../../core/messages/message-overrides";
import type { DeskConfig } from "../../config/desk-config-schema";
import { chosenChannels, readEnv, type Env } from "../../config/env";
import { loadKnowledgeBase } from "../../core/knowledge/kb-loader";
import { Store } from "../../store/data-source";
import { fail, ok, skip, type Check } from "./check";
import { externalDeskChecks } from "./external-desk-check";
import { outboxChecks } from "./outbox-check";
import { registeredPlaces } from "./registered-places";

export interface DoctorOptions {
  /** The environment to check (the CLI passes process.env after reading .env). */
  env: NodeJS.ProcessEnv;
  now?: () => Date;
  /** Azure AD's token service (tests point it at a local fake). */
  teamsLoginUrl?: string;
}

/** Problems of one kind listed one per line, up to this many; the rest are counted. */
const MAX_LINES_PER_KIND = 10;

/**
 * Checks everything the running desk will need, in the order it needs it, and reports each check as it is done:
 * environment, desk configuration, knowledge base, database and migrations, Slack, Teams, the other desks, the outbox. Nothing is
 * changed: the database is neither created nor migrated. Returns every check.
 */
export async function runDoctor(options: DoctorOptions, report: (check: Check) => void): Promise<Check[]> {
  const checks: Check[] = [];
  const emit = (...found: Check[]) => {
    for (const check of found) {
      checks.push(check);
      report(check);
    }
  };

  let env: Env;
  try {
    env = readEnv(options.env);
  } catch (error) {
    emit(...failedLines((error as Error).message, "fix the variables named (see .env.example)"));
    return checks;
  }
  const channels = chosenChannels(env);
  emit(ok(`environment: valid (database: ${env.DATABASE_URL ? "PostgreSQL" : `SQLite ${env.GUICHET_DB_FILE}`}; channels: ${channels.join(", ") || "none"})`));

  const configFile = env.GUICHET_DESK_CONFIG ?? DEFAULT_DESK_CONFIG_FILE;
  let config: DeskConfig;
  try {
    config = loadDeskConfig(configFile, env.GUICHET_MESSAGES_DIR);
  } catch (error) {
    emit(...failedLines((error as Error).message, `correct ${configFile}`));
    return checks;
  }
  emit(ok(`desk configuration ${configFile}: ${config.teams.length} level-1 teams, ${config.expertGroups.length} expert groups, ${config.people.length} people`));

  emit(...(await knowledgeChecks(env.GUICHET_KB_DIR ?? DEFAULT_KB_DIR, config)));
  if (env.GUICHET_MESSAGES_DIR) emit(...messageChecks(env.GUICHET_MESSAGES_DIR, config));

  const database = await openDatabase(env);
  emit(database.check);
  try {
    if (database.store) emit(...(await registeredPlaces(database.store, config)));
    if (env.SLACK_BOT_TOKEN) emit(...(await checkSlack({ botToken: env.SLACK_BOT_TOKEN, apiUrl: env.SLACK_API_URL, config, configFile })));
    else emit(skip("Slack not checked: SLACK_BOT_TOKEN is not set"));

    if (env.MicrosoftAppId || channels.includes("teams")) {
      emit(...(await checkTeams({ env, config, configFile, store: database.store, loginUrl: options.teamsLoginUrl })));
    } else {
      emit(skip("Teams not checked: MicrosoftAppId is not set"));
    }

    emit(...(await externalDeskChecks(config, options.env)));

    if (database.store) emit(...(await outboxChecks(database.store, options.now?.() ?? new Date())));
  } finally {
    await database.store?.close();
  }
  return checks;
}

/** 0 when nothing failed (skipped checks do not fail), 1 otherwise. */
export function doctorExitCode(checks: Check[]): number {
  return checks.some((c) => c.status === "fail") ? 1 : 0;
}

/** A multi-line error (a header, then one problem per line) as one failed line per problem. */
function failedLines(message: string, fix: string): Check[] {
  const [header, ...details] = message.split("\n").map((line) => line.trim()).filter(Boolean);
  if (details.length === 0) return [fail(header, fix)];
  return details.map((detail) => fail(`${header.replace(/:$/, "")}: ${detail}`, fix));
}

/** The desk's own wording in GUICHET_MESSAGES_DIR (the configuration's `messages:` was checked with it). */
function messageChecks(dir: string, config: DeskConfig): Check[] {
  try {
    const overrides = loadMessageOverrides({}, dir);
    const counts = [...overrides].map(([lang, messages]) => `${messages.size} in ${lang}`);
    return [ok(`desk's messages ${dir}: ${counts.join(", ") || "none"} written the desk's way${Object.keys(config.messages).length ? ", and the configuration's messages:" : ""}`)];
  } catch (error) {
    return failedLines((error as Error).message, "correct the messages named (keys and placeholders are those of src/core/messages/catalogues)");
  }
}

async function knowledgeChecks(dir: string, config: DeskConfig): Promise<Check[]> {
  let loaded;
  try {
    loaded = await loadKnowledgeBase(dir, { categories: config.categories.map((c) => c.id) });
  } catch (error) {
    return [fail(`knowledge base ${dir} cannot be read (${(error as { code?: string }).code ?? (error as Error).message})`, "set GUICHET_KB_DIR to the folder of Markdown articles")];
  }
  const published = loaded.articles.filter((a) => a.status === "published").length;
  const checks = [ok(`knowledge base ${dir}: ${published} articles, ${loaded.articles.length - published} drafts`)];
  for (const problem of loaded.problems.slice(0, MAX_LINES_PER_KIND)) {
    checks.push(fail(`knowledge base: ${problem.file}${problem.line ? `:${problem.line}` : ""}: ${problem.message}`));
  }
  if (loaded.problems.length > MAX_LINES_PER_KIND) checks.push(fail(`knowledge base: ${loaded.problems.length - MAX_LINES_PER_KIND} more problems`, "see the log's kb.problem events at start"));
  return checks;
}

/**
 * The database, as it is: a SQLite file that does not exist yet is not created, and migrations are not applied
 * (both happen at guichet's start). `store` is null unless every migration is applied.
 */
async function openDatabase(env: Env): Promise<{ check: Check; store: Store | null }> {
  const where = env.DATABASE_URL ? "PostgreSQL (DATABASE_URL)" : env.GUICHET_DB_FILE;
  if (!env.DATABASE_URL && !existsSync(env.GUICHET_DB_FILE)) {
    return { check: skip(`database ${where} does not exist yet: guichet creates it at its first start`), store: null };
  }
  let store: Store;
  try {
    store = await Store.connect({ databaseUrl: env.DATABASE_URL, sqliteFile: env.GUICHET_DB_FILE });
  } catch (error) {
    return { check: fail(`database ${where} cannot be opened: ${(error as Error).message}`, `check ${env.DATABASE_URL ? "DATABASE_URL" : "GUICHET_DB_FILE"}`), store: null };
  }
  const pending = await store.pendingMigrations();
  const total = store.dataSource.migrations.length;
  if (pending.length === 0) return { check: ok(`database ${where}: reachable, all ${total} migrations applied`), store };
  await store.close();
  if (pending.length === total) return { check: skip(`database ${where} has no guichet tables yet: guichet creates them at its first start`), store: null };
  return {
    check: fail(`database ${where}: ${pending.length} of ${total} migrations not applied (${pending.join(", ")})`, "start guichet once: it applies them at start (with several instances, start one first)"),
    store: null,
  };
}
