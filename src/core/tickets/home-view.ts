import { In, type EntityManager } from "typeorm";
import { localize } from "../../config/localized-text";
import { Person } from "../../store/entities/Person";
import type { Ticket } from "../../store/entities/Ticket";
import type { DeskContext } from "../desk-context";
import type { Lang } from "../knowledge/article";
import type { ActionButton, MilestonesView } from "../messages/message-view";
import { texts } from "../messages/texts";
import { isDeskStaff } from "../permissions";
import { publishedCommitments } from "../commitments/published-commitments";
import { milestoneLines } from "../milestones/milestone-lines";
import { ticketMilestones } from "../milestones/ticket-milestones";
import { NotificationPreferences } from "../notifications/notification-preferences";
import { deadlineLabel } from "../promises/deadline-label";
import { RequesterPromises } from "../promises/requester-promises";
import {
  escalatedToGroups,
  openTicketsOf,
  recentTicketsOf,
  soonestDeadlines,
  ticketsAssignedTo,
  unassignedTickets,
  type TicketPage,
} from "./ticket-queries";
import { isOpen } from "./ticket-lifecycle";
import { ticketLine } from "./ticket-views";

/** One ticket in a list of the home page. Plain text, like every view. */
export interface HomeItem {
  ticketId: number;
  text: string;
  detail?: string;
  /** An open ticket's commitments, as its card shows them (a workflow request is followed through its steps). */
  milestones?: MilestonesView;
  action?: ActionButton;
}

export interface HomeSection {
  id: "open" | "recent" | "unassigned" | "mine" | "breaching" | "escalated";
  title: string;
  items: HomeItem[];
  /** Said when `items` is empty. */
  empty: string;
  /** Said when more tickets matched than are listed. */
  more?: string;
}

/** Words of the desk below the lists: its commitments, the person's notification preferences. */
export interface HomePanel {
  id: "commitments" | "notifications";
  title: string;
  lines: string[];
}

/**
 * A person's own page (Slack's App Home): their tickets, each with what it is promised; for desk staff the queue; for
 * experts their escalations; then the desk's commitments.
 */
export interface HomeView {
  lang: Lang;
  title: string;
  intro: string;
  sections: HomeSection[];
  panels: HomePanel[];
}

/** The lists of tickets a person's page shows, by who they are. */
type HomePages =
  | { role: "staff"; unassigned: TicketPage; mine: TicketPage; breaching: TicketPage }
  | { role: "expert"; escalated: TicketPage }
  | { role: "requester"; recent: TicketPage };

/** Tickets listed per section: a page to glance at, not a report (the exports are for that). */
const PER_SECTION = 10;

export async function buildHome(manager: EntityManager, ctx: DeskContext, person: Person): Promise<HomeView> {
  const lang = person.locale;
  const t = texts(lang);
  const config = ctx.config;
  const now = ctx.now();
  const staff = isDeskStaff(person);
  const open = await openTicketsOf(manager, person.id, PER_SECTION);
  const pages: HomePages = staff
    ? {
        role: "staff",
        unassigned: await unassignedTickets(manager, PER_SECTION),
        mine: await ticketsAssignedTo(manager, person.id, PER_SECTION),
        breaching: await soonestDeadlines(manager, PER_SECTION),
      }
    : person.role === "expert"
      ? { role: "expert", escalated: await escalatedToGroups(manager, person.expertGroups, PER_SECTION) }
      : { role: "requester", recent: await recentTicketsOf(manager, person.id, 5) };
  const listed = pages.role === "staff" ? [pages.unassigned, pages.mine, pages.breaching] : pages.role === "expert" ? [pages.escalated] : [pages.recent];
  const owners = await ownerNames(manager, [open, ...listed].flatMap((page) => page.tickets));
  // Drawn when the person opens the tab: it is "asked", so a closed desk says until when.
  const milestones = (ticket: Ticket): MilestonesView | undefined =>
    isOpen(ticket.status) && !ticket.workflow
      ? milestoneLines(config, ctx.calendar, ticketMilestones(config, ctx.calendar, ticket, now), now, lang, { owner: owners.get(ticket.assigneeId ?? 0) ?? null, asked: true })
      : undefined;
  const due = (ticket: Ticket) => {
    const label = deadlineLabel(config, ctx.calendar, ticket, now, lang);
    return label ? `${t.field.due}: ${label}` : undefined;
  };
  const section = (id: HomeSection["id"], title: string, page: TicketPage, item: (ticket: Ticket) => HomeItem): HomeSection => ({
    id,
    title,
    items: page.tickets.map((ticket) => ({ ...item(ticket), milestones: milestones(ticket) })),
    empty: t.homeEmpty,
    more: page.total > page.tickets.length ? t.homeMore(page.total - page.tickets.length) : undefined,
  });
  const line = (ticket: Ticket): HomeItem => ({ ticketId: ticket.id, text: ticketLine(ticket, lang), detail: due(ticket) });
  // A requester's own ticket says what it is promised next and why it waits, in plain words.
  const promises = new RequesterPromises(ctx);
  const ownLine = (ticket: Ticket): HomeItem => ({ ticketId: ticket.id, text: ticketLine(ticket, lang), detail: promises.sentence(ticket, lang) || undefined });

  const own = section("open", t.homeOpenTickets, open, ownLine);
  const sections: HomeSection[] = [];
  if (pages.role === "staff") {
    sections.push(
      section("unassigned", t.homeUnassigned, pages.unassigned, (ticket) => ({
        ...line(ticket),
        detail: [`${t.field.priority}: ${t.priority[ticket.priority]}`, due(ticket)].filter(Boolean).join(" · "),
        // Claiming from the queue is the same conditional update as from the triage card.
        action: ticket.approval === "pending" ? undefined : { action: "ticket.claim", label: t.claim, value: String(ticket.id), style: "primary" },
      })),
      section("mine", t.homeMine, pages.mine, line),
      section("breaching", t.homeBreaching, pages.breaching, line),
    );
    // Staff have problems too: their own requests show only when they have some.
    if (open.total > 0) sections.push(own);
  } else if (pages.role === "expert") {
    sections.push(section("escalated", t.homeEscalated, pages.escalated, line));
    if (open.total > 0) sections.push(own);
  } else {
    sections.push(own, section("recent", t.homeRecentTickets, pages.recent, line));
  }
  const commitments = publishedCommitments(ctx, lang);
  const notifications = { id: "notifications" as const, title: t.notifications.title, lines: await new NotificationPreferences(ctx).describe(manager, person) };
  return { lang, title: localize(config.desk.name, lang), intro: t.help(person.role), sections, panels: [{ id: "commitments", ...commitments }, notifications] };
}

/** Who has each of these tickets, by person id, read at once for the whole page. */
async function ownerNames(manager: EntityManager, tickets: Ticket[]): Promise<Map<number, string>> {
  const ids = [...new Set(tickets.map((ticket) => ticket.assigneeId).filter((id): id is number => id !== null))];
  if (ids.length === 0) return new Map();
  const people = await manager.find(Person, { where: { id: In(ids) } });
  return new Map(people.map((p) => [p.id, p.displayName]));
}
