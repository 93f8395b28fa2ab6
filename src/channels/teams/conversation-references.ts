import { TurnContext, type Activity, type ConversationReference } from "botbuilder";
import { logger } from "../../logger";
import type { Store } from "../../store/data-source";
import { TeamsConversationReference } from "../../store/entities/TeamsConversationReference";
import { baseConversationId, conversationKind, looksLikeChannelId, type ConversationKind } from "./teams-conversations";

/** A conversation the bot can post to, and how. */
export interface PostTarget {
  reference: ConversationReference;
  kind: ConversationKind;
  tenantId: string | null;
  /**
   * The service URL a post to this conversation last went through, when a later activity named another one: if the
   * new one cannot be reached, the one that worked is tried again instead of losing the conversation.
   */
  fallbackServiceUrl?: string;
}

/** The reference as stored: the Bot Framework's, and the service URL that last delivered to it. */
type StoredReference = Record<string, unknown> & { serviceUrl?: string; deliveredServiceUrl?: string };

/**
 * Whether the Bot Connector client can call this service URL: http or https, and a host name it can resolve (a
 * bracketed IPv6 literal such as `[::1]` fails with ENOTFOUND).
 */
export function isDeliverableServiceUrl(serviceUrl: string): boolean {
  try {
    const url = new URL(serviceUrl);
    return (url.protocol === "http:" || url.protocol === "https:") && !url.hostname.startsWith("[");
  } catch {
    return false;
  }
}

/**
 * The conversation references of the Teams channel, kept in the database so that every instance, and the next start,
 * can post proactively. They are captured at install and refreshed by each incoming activity (a service URL can move).
 */
export class ConversationReferences {
  /** What was last written per conversation, so that the usual activity costs no write. */
  private readonly written = new Map<string, string>();
  /** The service URL last known to deliver, per conversation, so that the usual delivery costs no write. */
  private readonly working = new Map<string, string>();

  constructor(private readonly store: Store) {}

  /** Records where the activity came from. */
  async remember(activity: Partial<Activity>): Promise<void> {
    if (!activity.conversation?.id || !activity.serviceUrl || !activity.recipient) return;
    if (!isDeliverableServiceUrl(activity.serviceUrl)) {
      // Stored, it would replace a reference that works with one nothing can be sent to.
      logger.warn({ event: "teams.reference_kept", serviceUrl: activity.serviceUrl }, "an activity named a service URL the bot cannot call: the stored reference is kept");
      return;
    }
    const reference = TurnContext.getConversationReference(activity);
    const conversationId = baseConversationId(activity.conversation.id);
    const kind = conversationKind(activity.conversation.conversationType, conversationId);
    const tenantId = tenantOf(activity);
    const teamId = teamOf(activity);
    const stored: Record<string, unknown> = {
      channelId: reference.channelId,
      serviceUrl: reference.serviceUrl,
      bot: reference.bot,
      // The user only identifies a personal chat; in channels it is whoever spoke last.
      ...(kind === "personal" && reference.user ? { user: { id: reference.user.id, aadObjectId: reference.user.aadObjectId } } : {}),
      conversation: { id: conversationId, conversationType: kind, isGroup: kind !== "personal", ...(tenantId ? { tenantId } : {}) },
    };
    const signature = JSON.stringify([stored, teamId]);
    if (this.written.get(conversationId) === signature) return;
    await this.store.transaction(async (m) => {
      const existing = await m.findOne(TeamsConversationReference, { where: { conversationId } });
      const row = existing ?? m.create(TeamsConversationReference, { conversationId });
      Object.assign(row, {
        conversationType: kind,
        tenantId,
        teamId: teamId ?? existing?.teamId ?? null,
        userId: kind === "personal" ? (reference.user?.aadObjectId ?? existing?.userId ?? null) : null,
        serviceUrl: reference.serviceUrl,
        reference: { ...stored, ...deliveredOf(existing) },
      });
      await m.save(row);
    });
    this.written.set(conversationId, signature);
    if (this.working.get(conversationId) !== reference.serviceUrl) this.working.delete(conversationId);
    logger.debug({ event: "teams.reference_saved", conversation: conversationId, kind });
  }

  /**
   * A post to `conversationId` went through `serviceUrl`: it is the conversation's working address. When it is not
   * the stored one (the last activity named an address that failed), the stored reference goes back to it.
   */
  async delivered(conversationId: string, serviceUrl: string, options: { fellBack: boolean }): Promise<void> {
    const id = baseConversationId(conversationId);
    if (!options.fellBack && this.working.get(id) === serviceUrl) return;
    await this.store.transaction(async (m) => {
      const row = await m.findOne(TeamsConversationReference, { where: { conversationId: id } });
      if (!row) return;
      const stored = row.reference as StoredReference;
      if (row.serviceUrl === serviceUrl && stored.deliveredServiceUrl === serviceUrl) return;
      if (row.serviceUrl !== serviceUrl) logger.warn({ event: "teams.reference_restored", conversation: id }, "the service URL the last activity named failed: the one that delivers is kept");
      row.serviceUrl = serviceUrl;
      row.reference = { ...stored, serviceUrl, deliveredServiceUrl: serviceUrl };
      await m.save(row);
    });
    this.working.set(id, serviceUrl);
    this.written.delete(id);
  }

  /**
   * Where to post in `conversationId`. A channel of the desk configuration that never spoke to the bot is reached
   * through the service URL of another channel (Teams has one per tenant region): installing the app in a team
   * gives the bot its General channel, and the team's other channels are reached the same way. A person's Azure AD
   * object id names their personal chat with the bot (the desk writing to them alone), once they have opened it.
   */
  async target(conversationId: string): Promise<PostTarget | null> {
    const id = baseConversationId(conversationId);
    const row =
      (await this.store.manager.findOne(TeamsConversationReference, { where: { conversationId: id } })) ??
      (looksLikeChannelId(id) ? null : await this.store.manager.findOne(TeamsConversationReference, { where: { userId: id, conversationType: "personal" }, order: { updatedAt: "DESC" } }));
    if (row) {
      const delivered = (row.reference as StoredReference).deliveredServiceUrl;
      return {
        reference: row.reference as unknown as ConversationReference,
        kind: row.conversationType as ConversationKind,
        tenantId: row.tenantId,
        ...(delivered && delivered !== row.serviceUrl ? { fallbackServiceUrl: delivered } : {}),
      };
    }
    if (!looksLikeChannelId(id)) return null;
    // Only a channel proves that the app is installed in a team; a personal chat's reference would only get a 403.
    const sibling = await this.store.manager.findOne(TeamsConversationReference, { where: { conversationType: "channel" }, order: { updatedAt: "DESC" } });
    if (!sibling) return null;
    const template = sibling.reference as unknown as ConversationReference;
    return {
      reference: {
        channelId: template.channelId,
        serviceUrl: sibling.serviceUrl,
        bot: template.bot,
        conversation: { id, conversationType: "channel", isGroup: true, ...(sibling.tenantId ? { tenantId: sibling.tenantId } : {}) } as ConversationReference["conversation"],
      },
      kind: "channel",
      tenantId: sibling.tenantId,
    };
  }
}

/** The service URL that last delivered to a stored reference, carried over when an activity refreshes it. */
function deliveredOf(row: TeamsConversationReference | null): { deliveredServiceUrl?: string } {
  const delivered = (row?.reference as StoredReference | undefined)?.deliveredServiceUrl;
  return delivered ? { deliveredServiceUrl: delivered } : {};
}

/** The Azure AD tenant an activity comes from (Teams puts it in channelData; the conversation repeats it). */
export function tenantOf(activity: Partial<Activity>): string | null {
  const channelData = activity.channelData as { tenant?: { id?: unknown } } | undefined;
  const fromChannelData = channelData?.tenant?.id;
  if (typeof fromChannelData === "string" && fromChannelData) return fromChannelData;
  return activity.conversation?.tenantId ?? null;
}

function teamOf(activity: Partial<Activity>): string | null {
  const channelData = activity.channelData as { team?: { id?: unknown } } | undefined;
  return typeof channelData?.team?.id === "string" ? channelData.team.id : null;
}
