import type { EntityManager } from "typeorm";
import { Conversation } from "../../store/entities/Conversation";
import { updateEntities } from "../../store/entity-rows";

export type ConversationChange = Partial<Pick<Conversation, "state" | "suggested" | "duplicateOfId" | "ticketId">>;

/**
 * Moves a conversation on from the state it was read in, with one conditional UPDATE: of two actions on one
 * conversation at the same moment (a double click on "Not solved"; "Solved" and "Not solved" together), exactly one
 * changes the row. On PostgreSQL the other waits for the first to commit, then finds the state moved on and changes
 * nothing. Returns false to that loser; the winner's `conversation` is updated in place.
 */
export async function moveConversation(manager: EntityManager, conversation: Conversation, change: ConversationChange): Promise<boolean> {
  const changed = await updateEntities(manager, Conversation, change, '"id" = :id AND "state" = :from', { id: conversation.id, from: conversation.state });
  if (changed !== 1) return false;
  Object.assign(conversation, change);
  return true;
}
