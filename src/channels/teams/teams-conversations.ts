/**
 * How Teams names conversations. A channel is `19:…@thread.tacv2`; a post and its replies in it form a thread whose
 * conversation id is the channel's followed by `;messageid=` and the root post's id. Personal chats (`a:…`) and group
 * chats have no threads. The desk sees a channel thread as the place `{ conversation: channel, thread: root id }`.
 */
export type ConversationKind = "personal" | "groupChat" | "channel";

const THREAD_SUFFIX = /;messageid=([^;]+)$/;

/** The conversation without its thread suffix: the channel or chat itself. */
export function baseConversationId(conversationId: string): string {
  return conversationId.replace(THREAD_SUFFIX, "");
}

/** The root post id named by a thread conversation id, if any. */
export function threadRootOf(conversationId: string): string | null {
  return THREAD_SUFFIX.exec(conversationId)?.[1] ?? null;
}

/** The conversation id Teams uses for a thread of a channel. */
export function threadConversationId(channelId: string, rootId: string): string {
  return `${baseConversationId(channelId)};messageid=${rootId}`;
}

/** Channel ids, as written in the desk configuration (`teams[].triage.teams`, `expertGroups[].channel.teams`). */
export function looksLikeChannelId(conversationId: string): boolean {
  return /^19:[^;]+@thread\.(tacv2|skype)$/.test(baseConversationId(conversationId));
}

/** The kind of a conversation from Teams' `conversationType` (absent in some payloads: the id decides then). */
export function conversationKind(conversationType: string | undefined, conversationId: string): ConversationKind {
  if (conversationType === "personal" || conversationType === "groupChat" || conversationType === "channel") return conversationType;
  if (looksLikeChannelId(conversationId)) return "channel";
  return conversationId.startsWith("19:") ? "groupChat" : "personal";
}
