import type { EntityManager } from "typeorm";
import { logger } from "../../logger";
import { NotificationPreference } from "../../store/entities/NotificationPreference";
import type { Person } from "../../store/entities/Person";
import { Ticket } from "../../store/entities/Ticket";
import { TicketEvent } from "../../store/entities/TicketEvent";
import { TicketMute } from "../../store/entities/TicketMute";
import type { DeskContext } from "../desk-context";
import { DeskError } from "../desk-error";
import type { MessageView } from "../messages/message-view";
import { texts } from "../messages/texts";
import { isDeskStaff } from "../permissions";

/** A person's preferences; without a stored row, the defaults. */
export interface Preferences {
  quietHours: boolean;
  digest: boolean;
  surveys: boolean;
}

export const DEFAULT_PREFERENCES: Preferences = { quietHours: true, digest: false, surveys: true };

export async function preferencesOf(manager: EntityManager, personId: number): Promise<Preferences> {
  const row = await manager.findOne(NotificationPreference, { where: { personId } });
  return row ? { quietHours: row.quietHours, digest: row.digest, surveys: row.surveys } : { ...DEFAULT_PREFERENCES };
}

export async function isMuted(manager: EntityManager, personId: number, ticketId: number): Promise<boolean> {
  return manager.exists(TicketMute, { where: { personId, ticketId } });
}

/**
 * `/guichet notifications [quiet on|off | digest on|off | surveys on|off | mute N | unmute N]`: shows or changes how
 * and when the person is told things. Every change is stored (an upsert: two changes at once cannot lose one) and
 * audit-logged; muting a ticket is also written in the ticket's own audit log.
 */
export class NotificationPreferences {
  constructor(private readonly ctx: Pick<DeskContext, "now">) {}

  async command(manager: EntityManager, person: Person, args: string): Promise<MessageView> {
    const t = texts(person.locale).notifications;
    const [what, value] = args.trim().toLowerCase().split(/\s+/);
    const staff = isDeskStaff(person) || person.role === "expert";
    let done: string | null = null;
    if (what === "quiet" || what === "digest" || what === "surveys") {
      if (value !== "on" && value !== "off") throw new DeskError("invalid_input", t.usage);
      if (what !== "surveys" && !staff) throw new DeskError("not_allowed", t.staffOnly);
      await this.set(manager, person, { [what === "quiet" ? "quietHours" : what]: value === "on" });
      done = t.saved;
    } else if (what === "mute" || what === "unmute") {
      if (!staff) throw new DeskError("not_allowed", t.staffOnly);
      const ticketId = Number((value ?? "").replace(/^#/, ""));
      if (!Number.isInteger(ticketId) || ticketId <= 0) throw new DeskError("invalid_input", t.usage);
      await this.mute(manager, person, ticketId, what === "mute");
      done = what === "mute" ? t.muted(ticketId) : t.unmuted(ticketId);
    } else if (what) {
      throw new DeskError("invalid_input", t.usage);
    }
    const lines = await this.describe(manager, person);
    return { kind: "notice", lang: person.locale, title: t.title, text: [...(done ? [done] : []), ...lines].join("\n"), footer: t.usage };
  }

  /** The person's preferences in words, for the command and the Home tab. */
  async describe(manager: EntityManager, person: Person): Promise<string[]> {
    const all = texts(person.locale);
    const t = all.notifications;
    const prefs = await preferencesOf(manager, person.id);
    const lines = [t.surveys(prefs.surveys)];
    if (isDeskStaff(person) || person.role === "expert") {
      const muted = await manager.find(TicketMute, { where: { personId: person.id }, order: { ticketId: "ASC" }, take: 20 });
      lines.unshift(t.quietHours(prefs.quietHours), t.digest(prefs.digest));
      lines.push(t.mutedTickets(muted.map((m) => all.ticketNumber(m.ticketId)).join(", ")));
    }
    return lines;
  }

  private async set(manager: EntityManager, person: Person, change: Partial<Preferences>): Promise<void> {
    const current = await preferencesOf(manager, person.id);
    await manager.upsert(NotificationPreference, { personId: person.id, ...current, ...change, updatedAt: this.ctx.now() }, ["personId"]);
    logger.info({ event: "audit.notification_preferences", person: person.id, change }, "notification preferences changed");
  }

  private async mute(manager: EntityManager, person: Person, ticketId: number, mute: boolean): Promise<void> {
    if (!(await manager.exists(Ticket, { where: { id: ticketId } }))) throw new DeskError("not_found", texts(person.locale).ticketNotFound(String(ticketId)));
    // Insert-if-absent: muting twice, or from two places at once, leaves one row.
    if (mute) await manager.createQueryBuilder().insert().into(TicketMute).values({ personId: person.id, ticketId, at: this.ctx.now() }).orIgnore().execute();
    else await manager.delete(TicketMute, { personId: person.id, ticketId });
    await manager.insert(TicketEvent, {
      ticketId, actorId: person.id, type: mute ? "reminders_muted" : "reminders_unmuted", fromStatus: null, toStatus: null, data: null, at: this.ctx.now(),
    });
    logger.info({ event: "audit.ticket_reminders_muted", person: person.id, ticket: ticketId, muted: mute }, "ticket reminders muted or unmuted");
  }
}
