import { createHash } from "node:crypto";
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
 * The short note for a message written while the desk is closed: when the desk reopens and what that means for the
 * promised date (the first answer a ticket opened now would get). Once per conversation and closed period: a chat
 * without threads (a Teams personal chat, the console) where the requester asks three things one evening gets it once;
 * the same conversation written to on a later night gets it again, with that night's dates. Null when the desk is
 * open or the conversation already had it.
 */
export async function outsideHoursNote(
  manager: EntityManager,
  ctx: Pick<DeskContext, "config" | "calendar" | "now">,
  conversation: Pick<Conversation, "platform" | "address" | "lang">,
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
  // The chat, not the question: a chat without threads holds several questions, each its own Conversation row. Its
  // address is hashed to fit the key (a Teams conversation id runs past a hundred characters).
  const chat = createHash("sha256").update(`${conversation.address.conversation}\u0000${conversation.address.thread ?? ""}`).digest("hex").slice(0, 24);
  const key = `outside_hours:${conversation.platform}:${chat}:${reopens.toISOString()}`;
  if (!(await recordNotice(manager, { key, kind: "outside_hours", at: now }))) return null;
  const lang = conversation.lang;
  return { kind: "notice", lang, text: texts(lang).commitments.outsideHours(formatDue(ctx.config, reopens, lang), formatDue(ctx.config, answerBy, lang)) };
}
