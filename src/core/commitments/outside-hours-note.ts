import type { EntityManager } from "typeorm";
import type { Conversation } from "../../store/entities/Conversation";
import type { DeskContext } from "../desk-context";
import type { MessageView } from "../messages/message-view";
import { texts } from "../messages/texts";
import { recordNotice } from "../notices/notice-log";
import { formatDue } from "../promises/date-words";
import { NoWorkingTimeError } from "../sla/business-calendar";
import { workingDurationMs } from "../sla/sla-policy";

/**
 * The short note for a message written while the desk is closed, once per conversation: when the desk reopens and
 * what that means for the promised date (the first answer a ticket opened now would get). Null when the desk is open
 * or the conversation already had it.
 */
export async function outsideHoursNote(
  manager: EntityManager,
  ctx: Pick<DeskContext, "config" | "calendar" | "now">,
  conversation: Pick<Conversation, "id" | "lang">,
): Promise<MessageView | null> {
  const now = ctx.now();
  if (ctx.calendar.isWorkingTime(now)) return null;
  let reopens: Date;
  let answerBy: Date;
  try {
    reopens = ctx.calendar.nextWorkingInstant(now);
    answerBy = ctx.calendar.addWorkingMinutes(now, workingDurationMs(ctx.calendar, ctx.config.sla.firstAnswer) / 60_000);
  } catch (error) {
    if (error instanceof NoWorkingTimeError) return null;
    throw error;
  }
  if (!(await recordNotice(manager, { key: `outside_hours:conversation:${conversation.id}`, kind: "outside_hours", at: now }))) return null;
  const lang = conversation.lang;
  return { kind: "notice", lang, text: texts(lang).commitments.outsideHours(formatDue(ctx.config, reopens, lang), formatDue(ctx.config, answerBy, lang)) };
}
