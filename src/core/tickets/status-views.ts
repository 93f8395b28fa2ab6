import type { EntityManager } from "typeorm";
import type { Person } from "../../store/entities/Person";
import type { Ticket } from "../../store/entities/Ticket";
import type { DeskContext } from "../desk-context";
import { DeskError } from "../desk-error";
import type { ActionButton, MessageView } from "../messages/message-view";
import { texts } from "../messages/texts";
import { currentLevelThree, handOnButtons, mayHandOn } from "../level-three/level-three-views";
import { isDeskStaff } from "../permissions";
import { buildHome } from "./home-view";
import { isOpen, ONGOING_STATUSES } from "./ticket-lifecycle";
import type { TicketService } from "./ticket-service";
import { ticketLine } from "./ticket-views";

/**
 * The "status" and "ticket N" commands: what a person can see of the desk without scrolling back, so that a chat
 * whose buttons are gone (a restarted console, a message scrolled away) can go on. "status" lists the person's page
 * (their tickets; the queue for desk staff; the escalations for experts); "ticket N" draws ticket N again with the
 * buttons that fit it now.
 */
export class StatusViews {
  constructor(
    private readonly ctx: DeskContext,
    private readonly tickets: TicketService,
  ) {}

  async status(manager: EntityManager, person: Person): Promise<MessageView> {
    const home = await buildHome(manager, this.ctx, person);
    const t = texts(home.lang);
    const lines = home.sections.flatMap((section) => [
      section.title,
      ...(section.items.length === 0 ? [`  ${section.empty}`] : section.items.map((item) => `  ${item.text}${item.detail ? ` (${item.detail})` : ""}`)),
      ...(section.more ? [`  ${section.more}`] : []),
    ]);
    return { kind: "list", lang: home.lang, title: t.yourTickets, text: lines.join("\n"), footer: t.ticketCommandHint };
  }

  /** Ticket `id` as its reader may act on it now: the triage card for staff, the requester's own view, or a refusal. */
  async ticket(manager: EntityManager, person: Person, id: number): Promise<MessageView> {
    const t = texts(person.locale);
    const ticket = await this.tickets.load(manager, id, person.locale);
    if (isDeskStaff(person)) return this.tickets.card(manager, ticket, { asked: true });
    // Experts read the tickets of their groups, at level 2 or 3; level 2 may hand theirs on from here.
    const groups = [ticket.expertGroup, currentLevelThree(ticket)];
    if (person.role === "expert" && groups.some((g) => g !== null && person.expertGroups.includes(g))) {
      const actions = mayHandOn(person, ticket) ? handOnButtons(this.ctx.config, ticket, this.ctx.config.desk.defaultLocale) : [];
      return { ...(await this.tickets.card(manager, ticket, { asked: true })), actions };
    }
    // Whether a ticket exists is nobody else's business.
    if (ticket.requesterId !== person.id) throw new DeskError("not_found", t.ticketNotFound(String(id)));
    return requesterTicketView(ticket, this.tickets.promises.sentence(ticket, person.locale));
  }
}

/**
 * A requester's ticket with what it is promised while open, and the buttons its state offers them: confirm or reopen
 * once resolved, rate once closed.
 */
function requesterTicketView(ticket: Ticket, promise: string): MessageView {
  const t = texts(ticket.lang);
  const value = String(ticket.id);
  const actions: ActionButton[] = [];
  if (ticket.status === "resolved") {
    actions.push({ action: "ticket.close", label: t.confirmClose, value, style: "primary" }, { action: "ticket.reopen", label: t.reopen, value });
  } else if (ticket.status === "closed" && ticket.satisfaction === null && ticket.mergedIntoId === null) {
    actions.push(...[1, 2, 3, 4, 5].map((score) => ({ action: "survey.rate" as const, label: String(score), value: `${ticket.id}:${score}` })));
  }
  return {
    kind: "notice",
    lang: ticket.lang,
    ticketId: ticket.id,
    title: ticketLine(ticket, ticket.lang),
    text: ticket.status === "closed" && actions.length > 0 ? t.surveyQuestion : isOpen(ticket.status) && promise ? promise : undefined,
    actions,
    ...(ONGOING_STATUSES.includes(ticket.status) ? { replyHint: "complete" as const } : {}),
  };
}
