import type { EntityManager } from "typeorm";
import type { DeskConfig } from "../config/desk-config-schema";
import type { Ticket } from "../store/entities/Ticket";
import type { TicketEvent } from "../store/entities/TicketEvent";
import type { Store } from "../store/data-source";
import type { Platform } from "../store/entities/PersonIdentity";
import type { PublishedFiles } from "./files/published-files";
import type { KnowledgeSearch } from "./knowledge/article";
import type { DraftLibrary } from "./knowledge-drafts/draft-library";
import type { PersonDirectory } from "./people/person-directory";
import type { PlaceRegistry } from "./places/place-registry";
import type { ActionCaller } from "./self-service/action-caller";
import type { BusinessCalendar } from "./sla/business-calendar";

/** What the core's services share: configuration, storage, knowledge, calendar, and the platforms that are open. */
export interface DeskContext {
  config: DeskConfig;
  store: Store;
  /** The live knowledge base (reloaded in place when kb/ changes). */
  knowledge: Pick<KnowledgeSearch, "search">;
  calendar: BusinessCalendar;
  directory: PersonDirectory;
  /** Platforms with a channel running: the desk posts triage and expert threads on each of them. */
  platforms: () => Platform[];
  now: () => Date;
  /** Where drafts from tickets are written (null: the knowledge base is read-only). */
  drafts: DraftLibrary | null;
  /** Reloads the knowledge base at once (after a publication), without waiting for the folder watcher. */
  reloadKnowledge: () => Promise<unknown>;
  /** The channels registered by managers, laid over the configuration's (`register triage desk`). */
  places: PlaceRegistry;
  /** The files the desk sends with its messages (the digest's chart, an extraction's CSV). */
  files: PublishedFiles;
  /** Calls the site's endpoints of self-service actions (null: the desk has none). */
  actionCaller: ActionCaller | null;
  /** Told of every ticket change, inside its transaction, before the triage card is redrawn. */
  observers: TicketObserver[];
}

/** Something that must follow every ticket change in the same transaction (e.g. the SLA planner's next deadline). */
export interface TicketObserver {
  ticketChanged?(manager: EntityManager, ticket: Ticket, change: string): Promise<void>;
  /** Each line of the audit log as it is written (e.g. the events webhook subscribers are told of). */
  ticketEventRecorded?(manager: EntityManager, event: TicketEvent): Promise<void>;
}
