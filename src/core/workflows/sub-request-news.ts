import type { EntityManager } from "typeorm";
import type { DeskConfig } from "../../config/desk-config-schema";
import { Ticket } from "../../store/entities/Ticket";
import type { MessageView } from "../messages/message-view";
import { texts } from "../messages/texts";
import type { RequesterAudience } from "../tickets/requester-audience";
import { postToThreads } from "../tickets/ticket-threads";
import { stepLabel } from "./workflow-plan";
import { stepOfSubRequest } from "./workflow-steps";

/**
 * A team's words to the requester of one of its sub-requests (a reply, a question): posted in the parent request's
 * thread, titled with the step they come from, so that the requester follows one conversation and answers there.
 */
export async function tellParentRequester(
  manager: EntityManager,
  config: DeskConfig,
  subRequest: Ticket,
  view: (to: RequesterAudience) => MessageView,
  dedupeKey?: string,
): Promise<void> {
  if (subRequest.parentId === null) return;
  const parent = await manager.findOne(Ticket, { where: { id: subRequest.parentId } });
  if (!parent) return;
  const step = await stepOfSubRequest(manager, subRequest.id);
  const label = step ? stepLabel(config, step, parent.lang) : subRequest.title;
  const news = view({ ticketId: parent.id, requesterId: parent.requesterId, lang: parent.lang });
  await postToThreads(manager, parent, "requester", { ...news, title: news.title ?? texts(parent.lang).workflow.stepNewsTitle(label, subRequest.id) }, { dedupeKey });
}
