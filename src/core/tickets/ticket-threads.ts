import type { EntityManager } from "typeorm";
import type { DeskConfig } from "../../config/desk-config-schema";
import type { Platform } from "../../store/entities/PersonIdentity";
import type { Ticket } from "../../store/entities/Ticket";
import { TicketThread, type ThreadRole } from "../../store/entities/TicketThread";
import type { MessageView } from "../messages/message-view";
import { enqueueOutbound } from "../outbox/outbox";
import type { ChatPlace } from "../people/platform-user";

/** The console channel's fixed places: it has no channel ids to configure. */
export const consolePlaces = {
  triage: (team: string) => `triage:${team}`,
  experts: (group: string) => `experts:${group}`,
  announcements: "announcements",
  management: "management",
};

/** Where a team triages on each active platform. */
export function triagePlaces(config: DeskConfig, team: string, platforms: Platform[]): ChatPlace[] {
  const teamConfig = config.teams.find((t) => t.id === team);
  return platforms.flatMap((platform): ChatPlace[] => {
    if (platform === "console") return [{ platform, conversation: consolePlaces.triage(team) }];
    const conversation = teamConfig?.triage[platform];
    return conversation ? [{ platform, conversation }] : [];
  });
}

/** Where an expert group answers on each active platform. */
export function expertPlaces(config: DeskConfig, group: string, platforms: Platform[]): ChatPlace[] {
  const groupConfig = config.expertGroups.find((g) => g.id === group);
  return platforms.flatMap((platform): ChatPlace[] => {
    if (platform === "console") return [{ platform, conversation: consolePlaces.experts(group) }];
    const conversation = groupConfig?.channel[platform];
    return conversation ? [{ platform, conversation }] : [];
  });
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

/**
 * The ticket thread a message was written in, if any. Places without threads (Teams personal chat, the console)
 * name their ticket explicitly instead (`Desk.replyOnTicket`).
 */
export async function threadAt(manager: EntityManager, place: ChatPlace): Promise<TicketThread | null> {
  if (!place.thread) return null;
  return manager.findOne(TicketThread, {
    where: { platform: place.platform, conversation: place.conversation, thread: place.thread },
    order: { id: "DESC" },
  });
}

/** Posts a view in every thread of the ticket with this role (one per platform). */
export async function postToThreads(
  manager: EntityManager,
  ticket: Pick<Ticket, "id">,
  role: ThreadRole,
  view: MessageView,
  options: { dedupeKey?: string; expertGroup?: string } = {},
): Promise<void> {
  const threads = (await threadsOf(manager, ticket.id, role)).filter(
    (t) => options.expertGroup === undefined || t.expertGroup === options.expertGroup,
  );
  await enqueueOutbound(
    manager,
    threads.map((thread) => ({
      platform: thread.platform,
      conversation: thread.conversation,
      ticketThreadId: thread.id,
      threadRole: role,
      view,
      dedupeKey: options.dedupeKey ? `${options.dedupeKey}:${thread.id}` : undefined,
    })),
  );
}

/** Edits the ticket's triage posts in place (a Slack chat.update, a Teams card refresh). */
export async function updateTriagePosts(manager: EntityManager, ticketId: number, card: MessageView): Promise<void> {
  const threads = await threadsOf(manager, ticketId, "triage");
  await enqueueOutbound(
    manager,
    threads.map((thread) => ({
      platform: thread.platform,
      conversation: thread.conversation,
      ticketThreadId: thread.id,
      threadRole: "triage" as const,
      operation: "update" as const,
      view: card,
    })),
  );
}
