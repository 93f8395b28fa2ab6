import type { EntityManager } from "typeorm";
import type { DeskConfig } from "../../config/desk-config-schema";
import type { Platform } from "../../store/entities/PersonIdentity";
import type { Ticket } from "../../store/entities/Ticket";
import { selectEntities } from "../../store/entity-rows";
import { TicketThread, type ThreadRole } from "../../store/entities/TicketThread";
import type { MessageView, PostLink } from "../messages/message-view";
import { enqueueOutbound } from "../outbox/outbox";
import type { ChatPlace } from "../people/platform-user";

/** The console channel's fixed places: it has no channel ids to configure. */
export const consolePlaces = {
  triage: (team: string) => `triage:${team}`,
  experts: (group: string) => `experts:${group}`,
  announcements: "announcements",
  management: "management",
};

/** A configured place ({slack?, teams?}) on each active platform; the console has a fixed conversation instead. */
export function configuredPlaces(
  places: { slack?: string; teams?: string } | undefined,
  consoleConversation: string,
  platforms: Platform[],
): ChatPlace[] {
  return platforms.flatMap((platform): ChatPlace[] => {
    if (platform === "console") return [{ platform, conversation: consoleConversation }];
    const conversation = places?.[platform];
    return conversation ? [{ platform, conversation }] : [];
  });
}

/** Where a team triages on each active platform. */
export function triagePlaces(config: DeskConfig, team: string, platforms: Platform[]): ChatPlace[] {
  return configuredPlaces(config.teams.find((t) => t.id === team)?.triage, consolePlaces.triage(team), platforms);
}

/** Where an expert group answers on each active platform. */
export function expertPlaces(config: DeskConfig, group: string, platforms: Platform[]): ChatPlace[] {
  return configuredPlaces(config.expertGroups.find((g) => g.id === group)?.channel, consolePlaces.experts(group), platforms);
}

export async function addThread(
  manager: EntityManager,
  ticketId: number,
  role: ThreadRole,
  place: ChatPlace,
  expertGroup: string | null = null,
): Promise<TicketThread> {
  return manager.save(
    manager.create(TicketThread, {
      ticketId,
      role,
      platform: place.platform,
      conversation: place.conversation,
      thread: place.thread ?? null,
      expertGroup,
    }),
  );
}

export function threadsOf(manager: EntityManager, ticketId: number, role: ThreadRole): Promise<TicketThread[]> {
  return manager.find(TicketThread, { where: { ticketId, role }, order: { id: "ASC" } });
}

/** Links to a ticket's triage card on each platform where it is posted (its thread's root, once delivered). */
export async function triageCardLinks(manager: EntityManager, ticketId: number, label: string): Promise<PostLink[]> {
  const threads = await threadsOf(manager, ticketId, "triage");
  return threads.flatMap((t) => (t.thread ? [{ label, platform: t.platform, conversation: t.conversation, messageId: t.thread }] : []));
}

/**
 * The ticket thread a message was written in, if any. Places without threads (Teams personal chat, the console)
 * name their ticket explicitly instead (`Desk.replyOnTicket`).
 */
export async function threadAt(manager: EntityManager, place: ChatPlace): Promise<TicketThread | null> {
  if (!place.thread) return null;
  // Asked at every message in a thread: one fixed statement.
  const [thread] = await selectEntities(
    manager,
    TicketThread,
    'SELECT * FROM "ticket_thread" WHERE "platform" = :platform AND "conversation" = :conversation AND "thread" = :thread ORDER BY "id" DESC LIMIT 1',
    { platform: place.platform, conversation: place.conversation, thread: place.thread },
  );
  return thread ?? null;
}

/** Posts a view in every thread of the ticket with this role (one per platform). */
export async function postToThreads(
  manager: EntityManager,
  ticket: Pick<Ticket, "id">,
  role: ThreadRole,
  view: MessageView,
  options: { dedupeKey?: string; expertGroup?: string } = {},
): Promise<void> {
  await enqueueToThreads(manager, ticket.id, role, view, "post", options);
}

/** Edits the ticket's triage posts in place (a Slack chat.update, a Teams card refresh). */
export async function updateTriagePosts(manager: EntityManager, ticketId: number, card: MessageView): Promise<void> {
  await enqueueToThreads(manager, ticketId, "triage", card, "update", {});
}

/** Edits the experts' posts of the ticket for `group` in place. */
export async function updateExpertPosts(manager: EntityManager, ticketId: number, group: string, post: MessageView): Promise<void> {
  await enqueueToThreads(manager, ticketId, "expert", post, "update", { expertGroup: group });
}

async function enqueueToThreads(
  manager: EntityManager,
  ticketId: number,
  role: ThreadRole,
  view: MessageView,
  operation: "post" | "update",
  options: { dedupeKey?: string; expertGroup?: string },
): Promise<void> {
  const threads = (await threadsOf(manager, ticketId, role)).filter(
    (t) => options.expertGroup === undefined || t.expertGroup === options.expertGroup,
  );
  await enqueueOutbound(
    manager,
    threads.map((thread) => ({
      platform: thread.platform,
      conversation: thread.conversation,
      ticketThreadId: thread.id,
      threadRole: role,
      operation,
      view,
      dedupeKey: options.dedupeKey ? `${options.dedupeKey}:${thread.id}` : undefined,
    })),
  );
}
