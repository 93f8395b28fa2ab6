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
}

/**
 * The conversation references of the Teams channel, kept in the database so that every instance, and the next start,
 * can post proactively. They are captured at install and refreshed by each incoming activity (a service URL can move).
 */
export class ConversationReferences {
  /** What was last written per conversation, so that the usual activity costs no write. */
  private readonly written = new Map<string, string>();

  constructor(private readonly store: Store) {}

  /** Records where the activity came from. */
  async remember(activity: Partial<Activity>): Promise<void> {
    if (!activity.conversation?.id || !activity.serviceUrl || !activity.recipient) return;
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
        reference: stored,
      });
      await m.save(row);
    });
    this.written.set(conversationId, signature);
    logger.debug({ event: "teams.reference_saved", conversation: conversationId, kind });
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
    if (row) return { reference: row.reference as unknown as ConversationReference, kind: row.conversationType as ConversationKind, tenantId: row.tenantId };
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
