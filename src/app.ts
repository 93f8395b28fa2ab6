import { statSync } from "node:fs";
import path from "node:path";
import { loadDeskConfig } from "./config/desk-config";
import type { DeskConfig } from "./config/desk-config-schema";
import { ConfigError, PACKAGE_ROOT, readActionEndpoints, readExternalSecrets, type ActionEndpointSettings, type Env, type ExternalSecrets } from "./config/env";
import { buildDeskConnectors, buildEventPoster } from "./connectors";
import { HttpActionCaller } from "./connectors/actions/http-action-caller";
import { Desk } from "./core/desk";
import { ExternalDeskSender } from "./core/external-desks/desk-sender";
import { TicketEventFeed } from "./core/external-desks/ticket-event-feed";
import { KnowledgeBase } from "./core/knowledge/knowledge-base";
import { loadMessageOverrides, type MessageOverrides } from "./core/messages/message-overrides";
import { languagesOfDesk } from "./core/messages/languages";
import { useMessages } from "./core/messages/messages";
import { PublishedFiles } from "./core/files/published-files";
import { DraftLibrary } from "./core/knowledge-drafts/draft-library";
import { Inbox } from "./core/inbox/inbox";
import { OutboxDispatcher } from "./core/outbox/outbox-dispatcher";
import { PersonDirectory } from "./core/people/person-directory";
import { DEFAULT_RETENTION, type Retention } from "./core/retention/record-retention";
import { PlaceRegistry } from "./core/places/place-registry";
import { BusinessCalendar } from "./core/sla/business-calendar";
import { SlaPlanner } from "./core/sla/sla-planner";
import { logger } from "./logger";
import { Store } from "./store/data-source";

/** The bundled knowledge base, used when GUICHET_KB_DIR is not set. */
export const DEFAULT_KB_DIR = path.join(PACKAGE_ROOT, "kb");

export interface GuichetOptions {
  config: DeskConfig;
  kbDir: string;
  databaseUrl?: string;
  sqliteFile?: string;
  /** Deliveries the outbox makes at once, across conversations (GUICHET_OUTBOX_CONCURRENCY). */
  outboxConcurrency?: number;
  /** How long processed-event ids and delivered messages are kept (GUICHET_KEEP_…_DAYS); 30 days each by default. */
  retention?: Partial<Retention>;
  /** URLs and secrets of the other desks and webhooks (from the environment); required when the configuration has any. */
  externalSecrets?: ExternalSecrets;
  /** The endpoints of the desk configuration's self-service actions, by request type id (GUICHET_ACTION_<ID>_…). */
  actionEndpoints?: ReadonlyMap<string, ActionEndpointSettings>;
  /** Reload kb/ when its files change (off in tests that do not need it). */
  watchKnowledge?: boolean;
  /** guichet's public HTTPS address (GUICHET_PUBLIC_URL), under which the files it sends are served. */
  publicUrl?: string;
  /** The desk's own wording (GUICHET_MESSAGES_DIR and `messages:`); by default the configuration's `messages:` only. */
  messages?: MessageOverrides;
  now?: () => Date;
}

/** Everything a running desk is made of, before any channel is attached. */
export interface Guichet {
  desk: Desk;
  store: Store;
  knowledge: KnowledgeBase;
  outbox: OutboxDispatcher;
  /** Platform deliveries, stored before they are acknowledged (the channels that use it register a handler). */
  inbox: Inbox;
  calendar: BusinessCalendar;
  config: DeskConfig;
  /** How long processed-event ids and delivered messages are kept (the retention job deletes them after). */
  retention: Retention;
  /** The files the desk sends (charts, extractions): the Slack sender uploads them, the HTTP server serves them. */
  files: PublishedFiles;
  close(): Promise<void>;
}

/** Options from the validated environment (`source`: the raw variables, for the other desks' settings). */
export function guichetOptionsFromEnv(env: Env, source: NodeJS.ProcessEnv = process.env): GuichetOptions {
  const config = loadDeskConfig(env.GUICHET_DESK_CONFIG ?? undefined, env.GUICHET_MESSAGES_DIR);
  return {
    config,
    externalSecrets: readExternalSecrets(config, source),
    actionEndpoints: readActionEndpoints(config, source),
    kbDir: knowledgeFolder(env),
    // Read and checked now: a wrong key, placeholder or syntax stops the start with the file and line.
    messages: loadMessageOverrides(config.messages, env.GUICHET_MESSAGES_DIR),
    databaseUrl: env.DATABASE_URL,
    sqliteFile: env.GUICHET_DB_FILE,
    outboxConcurrency: env.GUICHET_OUTBOX_CONCURRENCY,
    retention: { processedEventsDays: env.GUICHET_KEEP_EVENT_IDS_DAYS, sentMessagesDays: env.GUICHET_KEEP_SENT_MESSAGES_DAYS },
    publicUrl: env.GUICHET_PUBLIC_URL,
    watchKnowledge: true,
  };
}

/** The knowledge base folder of the environment, which must exist: the desk has nothing to suggest without it. */
export function knowledgeFolder(env: Env): string {
  const dir = env.GUICHET_KB_DIR ?? DEFAULT_KB_DIR;
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
    throw new ConfigError(
      `the knowledge base folder ${path.resolve(dir)} does not exist: set GUICHET_KB_DIR to your folder of Markdown articles` +
        `${env.GUICHET_KB_DIR ? ", or leave it empty for the bundled kb/" : ""}.`,
    );
  }
  return dir;
}

/** Opens the database (applying migrations), loads the knowledge base and builds the desk. */
export async function createGuichet(options: GuichetOptions): Promise<Guichet> {
  const now = options.now ?? (() => new Date());
  // Like the other desks' secrets: a configuration with actions and no endpoints given stops here, naming them.
  const actionEndpoints = options.actionEndpoints ?? readActionEndpoints(options.config, {});
  useMessages(options.messages ?? loadMessageOverrides(options.config.messages), languagesOfDesk(options.config.desk));
  const store = await Store.open({ databaseUrl: options.databaseUrl, sqliteFile: options.sqliteFile });
  const knowledge = await KnowledgeBase.open(options.kbDir, {
    categories: options.config.categories.map((c) => c.id),
    log: {
      info: (details, message) => logger.info({ event: "kb", ...details }, message),
      warn: (details, message) => logger.warn({ event: "kb.problem", ...details }, message),
      error: (details, message) => logger.error({ event: "kb.error", ...details }, message),
    },
  });
  if (options.watchKnowledge) knowledge.watch();
  const calendar = new BusinessCalendar(options.config.calendar);
  const outbox = new OutboxDispatcher(store, { now, concurrency: options.outboxConcurrency });
  const inbox = new Inbox(store, { now });
  // Channels managers registered from the channels themselves replace the YAML's, here and in every instance.
  const places = new PlaceRegistry(options.config, store);
  await places.refresh();
  places.start();
  const files = new PublishedFiles(store, options.publicUrl ?? null, now);
  const secrets = options.externalSecrets ?? readExternalSecrets(options.config, {});
  const connectors = buildDeskConnectors(options.config, secrets, now);
  const desk = new Desk(
    {
      config: options.config,
      store,
      knowledge,
      calendar,
      directory: new PersonDirectory(options.config),
      platforms: () => outbox.platforms,
      now,
      drafts: new DraftLibrary(options.kbDir),
      reloadKnowledge: () => knowledge.reload(),
      files,
      // Signed with the real clock: the endpoint checks the timestamp against its own.
      actionCaller: actionEndpoints.size > 0 ? new HttpActionCaller(actionEndpoints) : null,
      // Every ticket change stores the ticket's next SLA instant, which the SLA sweep (src/jobs) reads by index.
      // Subscribed webhooks are told of each public event in the transaction that records it.
      observers: [new SlaPlanner({ config: options.config, calendar, now }), new TicketEventFeed(options.config)],
      places,
    },
    outbox,
    connectors,
  );
  // Calls to other desks and webhook events go through the outbox like messages (route `desk`).
  outbox.register(new ExternalDeskSender(store, desk.externalDesks, connectors, buildEventPoster(secrets, now)));
  return {
    desk,
    store,
    knowledge,
    outbox,
    inbox,
    calendar,
    config: options.config,
    retention: {
      processedEventsDays: options.retention?.processedEventsDays ?? DEFAULT_RETENTION.processedEventsDays,
      sentMessagesDays: options.retention?.sentMessagesDays ?? DEFAULT_RETENTION.sentMessagesDays,
    },
    files,
    async close() {
      // A self-service call under way records its outcome before the database goes.
      await desk.selfService.idle();
      outbox.stop();
      await inbox.stop();
      places.stop();
      knowledge.close();
      await store.close();
    },
  };
}
