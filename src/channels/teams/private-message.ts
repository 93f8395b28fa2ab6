import type { Activity, TurnContext } from "botbuilder";
import { kindOf } from "./activity-facts";
import { tenantOf } from "./conversation-references";
import type { ConnectorOperations } from "./TeamsAdapter";

/**
 * Sends a message to the person behind the turn's activity, and to them alone. In a personal chat that is the chat;
 * in a channel or a group chat everyone would read a reply, so the bot opens (or finds: Teams gives the same id
 * again) its 1:1 chat with that person and writes there.
 */
export async function sendPrivately(context: TurnContext, connector: ConnectorOperations, message: Partial<Activity>): Promise<void> {
  const activity = context.activity;
  if (kindOf(activity) === "personal") {
    await context.sendActivity(message);
    return;
  }
  const tenantId = tenantOf(activity);
  const chat = await connector.conversations.createConversation({
    isGroup: false,
    bot: activity.recipient,
    members: [{ id: activity.from.id }],
    ...(tenantId ? { tenantId, channelData: { tenant: { id: tenantId } } } : {}),
  });
  if (!chat.id) throw new Error("Teams opened no 1:1 chat with the person who pressed");
  await connector.conversations.sendToConversation(chat.id, message);
}
