import type { EntityManager } from "typeorm";
import { localize } from "../../config/localized-text";
import { Person } from "../../store/entities/Person";
import type { Ticket } from "../../store/entities/Ticket";
import type { DeskContext } from "../desk-context";
import type { Lang } from "../knowledge/article";
import type { MessageView } from "../messages/message-view";
import { texts } from "../messages/texts";
import { categoryLabel } from "../routing/category-labels";
import { enqueueOutbound } from "../outbox/outbox";
import { formatDue } from "../promises/date-words";
import { requesterAudience } from "../tickets/requester-audience";
import { tellTeamManagers } from "../managers/manager-messages";
import { tellPerson } from "../notifications/personal-notices";
import { postToThreads, triageCardLinks, triagePlaces } from "../tickets/ticket-threads";
import { clockKindOf, instantAtElapsed } from "./sla-clock";
import type { SlaStep } from "./sla-plan";
import { slaPolicyFor, type SlaMetric } from "./sla-policy";

/** A reminder for the triage channel, held until the sweep has read the tickets whose reminders fall with it. */
export interface ChannelReminder {
  ticket: Ticket;
  metric: SlaMetric;
  /** The share of the target reached, in percent (the policy's `reminderAt`). */
  share: number;
  deadline: Date;
  view: MessageView;
  key: string;
}

/** From this many tickets reaching the same point at once, the triage channel gets one list instead of a message each. */
const BATCH_FROM = 3;
/** Tickets named in such a list; the others are counted (the queue and the Home tab list them all). */
const BATCH_LISTED = 20;

/** "4h" as people read it: "4 h ouvrées", "4 working hours". */
export function durationLabel(duration: string, lang: Lang): string {
  const match = /^(\d+(?:\.\d+)?)(m|h|d)$/.exec(duration);
  return match ? texts(lang).workingDuration(Number(match[1]), match[2] as "m" | "h" | "d") : duration;
}

/**
 * The words of the SLA sweep, for level 1 in the desk's language. A reminder goes to the agent who has the ticket,
 * personally (`tellPerson`), or to the triage channel itself when nobody does (someone must pick it up), batched
 * when many fall at once. A
 * breach is posted in the triage channel, where the whole team sees it. Every message carries the step's key as
 * its outbox de-duplication key, under the notice record written just before.
 */
export class SlaNotices {
  constructor(private readonly ctx: DeskContext) {}

  private get lang(): Lang {
    return this.ctx.config.desk.defaultLocale;
  }

  /**
   * The reminder of a near commitment. The assignee is told personally, as they chose (quiet hours, a morning digest,
   * a muted ticket), with a link to the card, which shows the commitment turning near. A ticket nobody has is for the
   * triage channel: its reminder is returned, for `postChannelReminders` to post with the others falling at once.
   */
  async remind(manager: EntityManager, ticket: Ticket, step: SlaStep): Promise<ChannelReminder | null> {
    const t = texts(this.lang);
    const assignee = await this.assigneeName(manager, ticket);
    const metric = step.metric ?? "resolve";
    const deadline = instantAtElapsed(this.ctx.calendar, ticket, clockKindOf(metric), step.target.ms) ?? step.at;
    const view: MessageView = {
      kind: "sla_alert",
      lang: this.lang,
      ticketId: ticket.id,
      title: t.slaReminderTitle(ticket.id, ticket.title),
      text: t.slaReminder(t.slaMetric[metric], durationLabel(step.target.duration, this.lang), formatDue(this.ctx.config, deadline, this.lang), assignee),
      fields: this.fields(ticket),
      actions: ticket.assigneeId === null ? [{ action: "ticket.claim", label: t.claim, value: String(ticket.id), style: "primary" }] : undefined,
    };
    if (ticket.assigneeId !== null) {
      const links = await triageCardLinks(manager, ticket.id, t.openTicketPost(ticket.id));
      await tellPerson(manager, this.ctx, ticket.assigneeId, { kind: "reminder", ticketId: ticket.id, view: { ...view, links }, dedupeKey: step.key });
      return null;
    }
    const share = Math.round(slaPolicyFor(this.ctx.config, this.ctx.calendar, ticket).reminderAt * 100);
    return { ticket, metric, share, deadline, view, key: step.key };
  }

  /**
   * Posts the triage channel's reminders of one sweep: each on its own when few fall together; when many tickets of a
   * team reach the same share of the same target at once (a Monday morning, a queue left over a closure), one message
   * lists them instead of a burst of cards. Each ticket's reminder is still recorded once under its own key.
   */
  async postChannelReminders(manager: EntityManager, reminders: ChannelReminder[]): Promise<void> {
    const groups = new Map<string, ChannelReminder[]>();
    for (const reminder of reminders) {
      const key = `${reminder.ticket.team}|${reminder.metric}|${reminder.share}`;
      groups.set(key, [...(groups.get(key) ?? []), reminder]);
    }
    const t = texts(this.lang);
    for (const group of groups.values()) {
      if (group.length < BATCH_FROM) {
        for (const reminder of group) await this.postInTriageChannel(manager, reminder.ticket, reminder.view, reminder.key);
        continue;
      }
      const first = group[0];
      const shown = group.slice(0, BATCH_LISTED);
      const lines = shown.map((r) => t.slaRemindersLine(r.ticket.id, r.ticket.title, formatDue(this.ctx.config, r.deadline, this.lang)));
      if (group.length > shown.length) lines.push(t.slaRemindersMore(group.length - shown.length));
      await this.postInTriageChannel(manager, first.ticket, {
        kind: "sla_alert",
        lang: this.lang,
        title: t.slaRemindersTitle(group.length, first.share, t.slaMetric[first.metric]),
        text: [t.slaRemindersText, ...lines].join("\n"),
      }, `sla-batch:${first.key}:${group.length}`);
    }
  }

  async breach(manager: EntityManager, ticket: Ticket, step: SlaStep): Promise<void> {
    const t = texts(this.lang);
    const metric = step.metric ?? "resolve";
    const assignee = await this.assigneeName(manager, ticket);
    const text = (lang: Lang) =>
      texts(lang).slaBreach(texts(lang).slaMetric[metric], durationLabel(step.target.duration, lang), formatDue(this.ctx.config, step.at, lang), assignee);
    await this.postInTriageChannel(manager, ticket, {
      kind: "sla_alert",
      lang: this.lang,
      ticketId: ticket.id,
      title: t.slaBreachTitle(ticket.id, ticket.title),
      text: text(this.lang),
      fields: this.fields(ticket),
      actions: ticket.assigneeId === null ? [{ action: "ticket.claim", label: texts(this.lang).claim, value: String(ticket.id), style: "primary" }] : undefined,
    }, step.key);
    // Managers step in when things go wrong (001: « s'implique en cas de difficulté »): a missed resolution, and a
    // ticket nobody took in charge in time, reach the team's managers and the management place, with the ticket.
    if (metric === "resolve" || (metric === "take_in_charge" && ticket.assigneeId === null)) {
      const links = await triageCardLinks(manager, ticket.id, t.openTicketPost(ticket.id));
      await tellTeamManagers(manager, this.ctx, ticket.team, (lang) => ({
        kind: "sla_alert",
        lang,
        ticketId: ticket.id,
        title: texts(lang).managerAlertTitle(ticket.id, ticket.title),
        text: text(lang),
        fields: this.fields(ticket, lang),
        links: links.map((link) => ({ ...link, label: texts(lang).openTicketPost(ticket.id) })),
      }), `${step.key}:managers`, { managementPlace: true, notice: { kind: "breach", ticketId: ticket.id } });
    }
  }

  /** Tells level 1, in the ticket's triage thread, that the job called the experts. */
  async autoEscalated(manager: EntityManager, ticket: Ticket, group: string, step: SlaStep): Promise<void> {
    const t = texts(this.lang);
    const label = this.ctx.config.expertGroups.find((g) => g.id === group)?.label;
    await postToThreads(manager, ticket, "triage", {
      kind: "sla_alert",
      lang: this.lang,
      ticketId: ticket.id,
      text: t.autoEscalatedTriage(label ? localize(label, this.lang) : group, durationLabel(step.target.duration, this.lang)),
    }, { dedupeKey: step.key });
  }

  /**
   * Tells the requester why their ticket closed (the survey follows), with the requesters of tickets merged into it,
   * each in their language; and level 1 in the triage thread.
   */
  async autoClosed(manager: EntityManager, ticket: Ticket, step: SlaStep): Promise<void> {
    for (const to of await requesterAudience(manager, ticket)) {
      const rt = texts(to.lang);
      await postToThreads(manager, { id: to.ticketId }, "requester", {
        kind: "notice",
        lang: to.lang,
        ticketId: to.ticketId,
        title: rt.autoClosedTitle(ticket.id),
        text: rt.autoClosed(durationLabel(step.target.duration, to.lang)),
      }, { dedupeKey: step.key });
    }
    await postToThreads(manager, ticket, "triage", {
      kind: "sla_alert",
      lang: this.lang,
      ticketId: ticket.id,
      text: texts(this.lang).autoClosedTriage(durationLabel(step.target.duration, this.lang)),
    }, { dedupeKey: `${step.key}:triage` });
  }

  private async postInTriageChannel(manager: EntityManager, ticket: Ticket, view: MessageView, key: string): Promise<void> {
    const places = triagePlaces(this.ctx.config, ticket.team, this.ctx.platforms());
    await enqueueOutbound(
      manager,
      places.map((place) => ({ platform: place.platform, conversation: place.conversation, view, dedupeKey: `${key}:${place.platform}:${place.conversation}` })),
    );
  }

  private fields(ticket: Ticket, lang: Lang = this.lang): Array<{ label: string; value: string }> {
    const t = texts(lang);
    const team = this.ctx.config.teams.find((x) => x.id === ticket.team);
    return [
      { label: t.field.status, value: t.status[ticket.status] },
      { label: t.field.priority, value: t.priority[ticket.priority] },
      { label: t.field.category, value: categoryLabel(this.ctx.config, ticket.category, lang) },
      { label: t.field.level, value: String(ticket.level) },
      { label: t.field.team, value: team ? localize(team.label, lang) : ticket.team },
    ];
  }

  private async assigneeName(manager: EntityManager, ticket: Ticket): Promise<string | null> {
    if (ticket.assigneeId === null) return null;
    const person = await manager.findOne(Person, { where: { id: ticket.assigneeId } });
    return person?.displayName ?? null;
  }
}
