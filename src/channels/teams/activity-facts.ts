import { createHash } from "node:crypto";
import { TurnContext, type Activity } from "botbuilder";
import { offeredLanguageOf } from "../../core/messages/languages";
import type { Lang } from "../../core/knowledge/article";
import type { ChatPlace, PlatformUser } from "../../core/people/platform-user";
import { baseConversationId, conversationKind, threadRootOf, type ConversationKind } from "./teams-conversations";

/** Who sent the activity, as the desk names people: by Azure AD object id, the id listed in the desk configuration. */
export function senderOf(activity: Activity): PlatformUser {
  const from = activity.from;
  return {
    platform: "teams",
    // The AAD object id is the same in every chat and team; `from.id` (29:…) differs per bot. The Emulator sends none.
    id: from.aadObjectId ?? from.id,
    ...(from.name ? { name: from.name } : {}),
    ...(localeOf(activity) ? { locale: localeOf(activity) } : {}),
  };
}

export function kindOf(activity: Activity): ConversationKind {
  return conversationKind(activity.conversation.conversationType, activity.conversation.id);
}

/**
 * Where the activity was written, as a desk place: a chat, or a channel thread (its root post's id). A post that
 * starts a thread is its own root.
 */
export function placeOf(activity: Activity): ChatPlace {
  const conversation = baseConversationId(activity.conversation.id);
  if (kindOf(activity) !== "channel") return { platform: "teams", conversation, thread: null, direct: kindOf(activity) === "personal" };
  const thread = threadRootOf(activity.conversation.id) ?? activity.replyToId ?? activity.id ?? null;
  return { platform: "teams", conversation, thread };
}

/**
 * The card a button was pressed on: Teams names the message carrying it in `replyToId`. In a channel that is a
 * thread's root for a ticket card, or a reply under it.
 */
export function cardPlaceOf(activity: Activity): ChatPlace {
  const conversation = baseConversationId(activity.conversation.id);
  return { platform: "teams", conversation, thread: activity.replyToId ?? threadRootOf(activity.conversation.id) ?? null };
}

/**
 * The de-duplication key of an activity. Teams re-sends an activity with the same id when the bot was slow to
 * answer; message ids are per conversation (they are timestamps), so the conversation is part of the key.
 */
export function eventIdOf(activity: Activity): string | undefined {
  if (!activity.id) return undefined;
  const conversation = createHash("sha256").update(activity.conversation.id).digest("base64url").slice(0, 16);
  return `${activity.id.slice(0, 150)}@${conversation}`;
}

/** The words of a message, without the bot's @mention. */
export function messageText(activity: Activity): string {
  const withoutMention = TurnContext.removeRecipientMention(activity) ?? activity.text ?? "";
  return decodeTeamsEntities(withoutMention).trim();
}

/** Whether the sender spoke to the bot: a personal chat, or a message that @mentions it. */
export function isAddressedToBot(activity: Activity): boolean {
  if (kindOf(activity) === "personal") return true;
  return TurnContext.getMentions(activity).some((mention) => mention.mentioned?.id === activity.recipient.id);
}

function localeOf(activity: Activity): Lang | undefined {
  return offeredLanguageOf(activity.locale);
}

/** Teams writes a few characters of a plain-text message as HTML entities (a non-breaking space after a mention). */
function decodeTeamsEntities(text: string): string {
  return text.replace(/&nbsp;/g, " ").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");
}
