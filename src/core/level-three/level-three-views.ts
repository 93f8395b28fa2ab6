import type { DeskConfig } from "../../config/desk-config-schema";
import { localize } from "../../config/localized-text";
import type { Person } from "../../store/entities/Person";
import type { Ticket } from "../../store/entities/Ticket";
import type { Lang } from "../knowledge/article";
import type { ActionButton, FormView, MessageView, MilestonesView } from "../messages/message-view";
import { texts } from "../messages/texts";
import { categoryLabel } from "../routing/category-labels";
import { excerpt, type TicketPeople } from "../tickets/ticket-views";

/** The specialists' groups the ticket's level-2 group may hand it on to (`expertGroups[].escalatesTo`). */
export function levelThreeTargets(config: DeskConfig, ticket: Pick<Ticket, "expertGroup">): string[] {
  return config.expertGroups.find((g) => g.id === ticket.expertGroup)?.escalatesTo ?? [];
}

/** The group that has the ticket at level 3 now, or null (never handed on, or taken back since). */
export function currentLevelThree(ticket: Pick<Ticket, "level" | "levelThreeGroup">): string | null {
  return ticket.level === 3 ? ticket.levelThreeGroup : null;
}

/** Only an expert of the ticket's level-2 group hands it on: level 1 escalates, level 2 asks its specialists. */
export function mayHandOn(person: Pick<Person, "role" | "expertGroups">, ticket: Pick<Ticket, "expertGroup">): boolean {
  return person.role === "expert" && ticket.expertGroup !== null && person.expertGroups.includes(ticket.expertGroup);
}

export function groupLabel(config: DeskConfig, id: string, lang: Lang): string {
  const group = config.expertGroups.find((g) => g.id === id);
  return group ? localize(group.label, lang) : id;
}

/** The Hand on button of the experts' post, while the ticket is with a level-2 group that has specialists. */
export function handOnButtons(config: DeskConfig, ticket: Ticket, lang: Lang): ActionButton[] {
  if (ticket.status !== "escalated" || levelThreeTargets(config, ticket).length === 0) return [];
  return [{ action: "ticket.hand_on", label: texts(lang).levelThree.button, value: String(ticket.id) }];
}

/** The line the level-2 post and the triage card show once specialists have the ticket. */
export function levelThreeField(config: DeskConfig, ticket: Ticket, lang: Lang): Array<{ label: string; value: string }> {
  const group = currentLevelThree(ticket);
  return group ? [{ label: texts(lang).levelThree.field, value: groupLabel(config, group, lang) }] : [];
}

/** The choice of specialists (only when there are several) and the note, which they need to start. */
export function handOnForm(config: DeskConfig, ticket: Ticket, lang: Lang): FormView {
  const t = texts(lang);
  const targets = levelThreeTargets(config, ticket);
  return {
    form: "hand_on",
    context: String(ticket.id),
    lang,
    title: t.levelThree.formTitle(ticket.id),
    submitLabel: t.levelThree.submit,
    intro: t.levelThree.formIntro,
    fields: [
      ...(targets.length > 1
        ? [{ id: "group", label: t.levelThree.group, type: "select" as const, required: true, options: targets.map((g) => ({ value: g, label: groupLabel(config, g, lang) })) }]
        : []),
      { id: "note", label: t.levelThree.note, type: "textarea", required: true, maxLength: 2000 },
    ],
  };
}

/** What level 2 knew when it handed on: level 1's escalation note and the experts' answers so far. */
export interface LevelTwoContext {
  expert: string;
  levelTwoGroup: string;
  note: string;
  levelOneNote: string;
  answers: Array<{ author: string; text: string }>;
}

/** Answers shown in the specialists' post, the latest ones: the whole exchange stays in level 2's thread. */
const ANSWERS_SHOWN = 5;

/**
 * The ticket as level 3 sees it in its channel: what the requester wrote, level 2's note, and what levels 1 and 2
 * already said, so that the specialists start where level 2 stopped. They answer in its thread, to level 1 and 2.
 */
export function levelThreePost(config: DeskConfig, ticket: Ticket, people: TicketPeople, context: LevelTwoContext, milestones: MilestonesView): MessageView {
  const lang = config.desk.defaultLocale;
  const t = texts(lang);
  const answers = context.answers.slice(-ANSWERS_SHOWN).map((a) => t.levelThree.answerLine(a.author, excerpt(a.text, 300)));
  return {
    kind: "expert_request",
    lang,
    ticketId: ticket.id,
    title: t.levelThree.postTitle(ticket.id, ticket.title),
    text: t.levelThree.postText(context.expert, groupLabel(config, context.levelTwoGroup, lang)),
    replyHint: "expert",
    quote: { author: people.requester, text: excerpt(ticket.description) },
    fields: [
      { label: t.levelThree.levelTwoNote, value: context.note },
      ...(context.levelOneNote.trim() ? [{ label: t.escalationNote, value: context.levelOneNote.trim() }] : []),
      ...(answers.length > 0 ? [{ label: t.levelThree.answersSoFar, value: answers.join("\n") }] : []),
      { label: t.milestone.owner, value: people.assignee ?? t.milestone.noOwnerYet },
      { label: t.field.status, value: t.status[ticket.status] },
      { label: t.field.priority, value: t.priority[ticket.priority] },
      { label: t.field.category, value: categoryLabel(config, ticket.category, lang) },
    ],
    milestones,
  };
}
