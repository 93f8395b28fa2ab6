import { DateTime } from "luxon";
import { In, LessThanOrEqual, type EntityManager } from "typeorm";
import { HeldNotification } from "../../store/entities/HeldNotification";
import { Person } from "../../store/entities/Person";
import type { DeskContext } from "../desk-context";
import type { MessageView } from "../messages/message-view";
import { texts } from "../messages/texts";
import { defaultLanguage } from "../messages/languages";
import { enqueueOutbound } from "../outbox/outbox";
import { directPlacesOf } from "../people/direct-places";
import type { ChatPlace } from "../people/platform-user";
import type { BusinessCalendar } from "../sla/business-calendar";
import { nextOpening } from "../sla/next-opening";
import { isMuted, preferencesOf } from "./notification-preferences";

/** What a notice to one person is about: its kind decides which preferences apply. */
export interface PersonalNotice {
  /** reminder: a commitment of the person's ticket is near; breach: one is missed. */
  kind: "reminder" | "breach";
  ticketId: number | null;
  view: MessageView;
  /** The outbox's de-duplication key of the message, when sent now. */
  dedupeKey: string;
}

/**
 * How and when a person is told (the other half, who is told, is the caller's: the assignee, a team's managers, the
 * agent on duty): a muted ticket's reminders are dropped (a breach is not: muting is for the reminders); a reminder of
 * someone who chose the digest waits for their next morning; outside working hours (their quiet hours, on unless they
 * turned them off) a notice waits for the opening. What waits is delivered as one summary (`releaseHeldNotices`).
 * Otherwise it goes now to `places`, by default their direct chats the desk knows.
 */
export async function tellPerson(
  manager: EntityManager,
  ctx: Pick<DeskContext, "calendar" | "now" | "platforms">,
  personId: number,
  notice: PersonalNotice,
  places?: ChatPlace[],
): Promise<"sent" | "held" | "muted"> {
  if (notice.kind === "reminder" && notice.ticketId !== null && (await isMuted(manager, personId, notice.ticketId))) return "muted";
  const prefs = await preferencesOf(manager, personId);
  const now = ctx.now();
  const hold = async (why: HeldNotification["why"], releaseAt: Date) => {
    await manager.save(manager.create(HeldNotification, {
      personId, why, ticketId: notice.ticketId, payload: notice.view as unknown as Record<string, unknown>, releaseAt, heldAt: now,
    }));
    return "held" as const;
  };
  if (notice.kind === "reminder" && prefs.digest) {
    const morning = nextMorning(ctx.calendar, now);
    if (morning) return hold("digest", morning);
  }
  if (prefs.quietHours && !ctx.calendar.isWorkingTime(now)) {
    const opening = nextOpening(ctx.calendar, now);
    if (opening) return hold("quiet_hours", opening);
  }
  const to = places ?? (await directPlacesOf(manager, [personId], ctx.platforms()));
  await enqueueOutbound(manager, to.map((place) => ({ ...place, view: notice.view, dedupeKey: `${notice.dedupeKey}:${place.platform}:${place.conversation}` })));
  return "sent";
}

/**
 * Delivers what was held for people whose time has come: one summary per person (their morning digest, or what came
 * in while they were away), read by index and removed in the same transaction as the summary is queued.
 */
export async function releaseHeldNotices(manager: EntityManager, ctx: Pick<DeskContext, "now" | "platforms">): Promise<number> {
  const due = await manager.find(HeldNotification, { where: { releaseAt: LessThanOrEqual(ctx.now()) }, order: { id: "ASC" }, take: 1000 });
  if (due.length === 0) return 0;
  const byPerson = new Map<number, HeldNotification[]>();
  for (const row of due) byPerson.set(row.personId, [...(byPerson.get(row.personId) ?? []), row]);
  const people = await manager.find(Person, { where: { id: In([...byPerson.keys()]) } });
  for (const [personId, rows] of byPerson) {
    const lang = people.find((p) => p.id === personId)?.locale ?? defaultLanguage();
    const t = texts(lang).notifications;
    const views = rows.map((row) => row.payload as unknown as MessageView);
    const digest = rows.every((row) => row.why === "digest");
    const summary: MessageView = {
      kind: "sla_alert",
      lang,
      title: digest ? t.digestTitle(views.length) : t.heldTitle(views.length),
      text: views.map((view) => `• ${[view.title, view.text].filter(Boolean).join(" — ")}`).join("\n"),
    };
    const places = await directPlacesOf(manager, [personId], ctx.platforms());
    await enqueueOutbound(manager, places.map((place) => ({ ...place, view: summary, dedupeKey: `held:${personId}:${rows[0].id}:${place.platform}:${place.conversation}` })));
  }
  await manager.delete(HeldNotification, due.map((row) => row.id));
  return byPerson.size;
}

/** The first opening of the next working day (today's, if the desk has not opened yet): a morning digest's time. */
function nextMorning(calendar: BusinessCalendar, now: Date): Date | null {
  const today = DateTime.fromJSDate(now, { zone: calendar.timezone }).startOf("day");
  const first = nextOpening(calendar, today.toJSDate());
  if (first && first.getTime() > now.getTime() && DateTime.fromJSDate(first, { zone: calendar.timezone }).hasSame(today, "day")) return first;
  return nextOpening(calendar, today.plus({ days: 1 }).toJSDate());
}

