import type { EntityManager } from "typeorm";
import { localize } from "../../config/localized-text";
import type { Person } from "../../store/entities/Person";
import type { Ticket } from "../../store/entities/Ticket";
import type { Lang } from "../knowledge/article";
import type { FormView } from "../messages/message-view";
import { texts } from "../messages/texts";
import { excerpt } from "../tickets/ticket-views";
import { tellTeamManagers, type ManagerMessagesContext } from "./manager-messages";

/**
 * A request that needs a manager's approval (004: « introduction de la notion de validation ») is sent to the
 * managers of its team, each in their direct chat with the bot, with Approve and Reject. Its SLA clocks wait for
 * the decision (`clockStart`); the first decision counts.
 */
export async function askForApproval(manager: EntityManager, ctx: ManagerMessagesContext, ticket: Ticket, requester: Person): Promise<void> {
  const type = ctx.config.requestTypes.find((r) => r.id === ticket.requestType);
  await tellTeamManagers(manager, ctx, ticket.team, (lang: Lang) => {
    const t = texts(lang);
    const value = String(ticket.id);
    // No ticket id: a manager's chat is no place to answer the requester (a chat would add a Reply box).
    return {
      kind: "notice",
      lang,
      title: t.approvalRequestTitle(ticket.id, ticket.title),
      text: t.approvalRequest(requester.displayName, type ? localize(type.label, lang) : ticket.title),
      quote: { author: requester.displayName, text: excerpt(ticket.description, 600) },
      actions: [
        { action: "request.approve", label: t.approve, value, style: "primary" },
        { action: "request.reject", label: t.reject, value, style: "danger" },
      ],
    };
  }, `approval:${ticket.id}`, { managementPlace: false });
}

/** Reject asks for the reason, which the requester is given. */
export function rejectForm(ticket: Ticket, lang: Lang): FormView {
  const t = texts(lang);
  return {
    form: "reject",
    context: String(ticket.id),
    lang,
    title: t.rejectTitle(ticket.id),
    submitLabel: t.reject,
    fields: [{ id: "reason", label: t.rejectReason, type: "textarea", required: true, maxLength: 1000 }],
  };
}
