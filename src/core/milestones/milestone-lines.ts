import type { DeskConfig } from "../../config/desk-config-schema";
import type { Lang } from "../knowledge/article";
import type { MilestoneLine, MilestonesView } from "../messages/message-view";
import { texts } from "../messages/texts";
import { closureWithin } from "../promises/closures";
import { formatDay, formatDue, workingLateness, workingTimeLeft } from "../promises/date-words";
import type { BusinessCalendar } from "../sla/business-calendar";
import type { Milestone, TicketMilestones } from "./ticket-milestones";

export interface MilestoneWordsOptions {
  /** Who took the ticket in charge, named on its line. */
  owner: string | null;
  /**
   * A view drawn for someone who asked now (a command, the Home tab) rather than a post edited later: it says
   * "service closed until …" at night. A post is redrawn only when a commitment changes state, so it says when it
   * was drawn instead ("as of …"), and names only the closures ahead, which stay true.
   */
  asked: boolean;
}

/** The ticket's commitments as the lines of its card, in plain words, each with its state for the channel's mark. */
export function milestoneLines(
  config: DeskConfig,
  calendar: BusinessCalendar,
  found: TicketMilestones,
  now: Date,
  lang: Lang,
  options: MilestoneWordsOptions,
): MilestonesView {
  const t = texts(lang).milestone;
  const when = (at: Date) => formatDue(config, at, lang);
  const lines: MilestoneLine[] = found.milestones.map((m) => ({ state: m.state, text: milestoneText(m, lang, options.owner, when) }));
  for (const pause of found.pauses) {
    if (pause.kind === "approval") lines.push({ state: "paused", text: t.waitingApproval });
    else if (options.asked) lines.push({ state: "paused", text: t.closedUntil(when(pause.until)) });
  }
  const last = found.milestones.reduce<Date | null>((max, m) => (m.at && m.state !== "done" && (!max || m.at > max) ? m.at : max), null);
  const closure = last ? closureWithin(calendar, now, last) : null;
  if (closure) lines.push({ state: "paused", text: t.closure(formatDay(config, closure.from, lang), formatDay(config, closure.to, lang)) });
  return { lines, ...(options.asked ? {} : { asOf: t.asOf(when(now)) }) };
}

function milestoneText(m: Milestone, lang: Lang, owner: string | null, when: (at: Date) => string): string {
  const t = texts(lang).milestone;
  const label = t.metric[m.metric];
  switch (m.state) {
    case "done": {
      const at = when(m.at as Date);
      const late = m.lateMs > 0 ? t.metLate(workingLateness(m.lateMs, lang)) : "";
      if (m.metric === "acknowledge") return t.acknowledged(at) + late;
      if (m.metric === "take_in_charge") return t.taken(owner, at) + late;
      if (m.metric === "first_answer") return t.answered(at) + late;
      return t.resolved(at) + late;
    }
    case "due":
    case "near":
      return t.due(label, workingTimeLeft(m.leftMs, lang), when(m.at as Date));
    case "overdue":
      return t.overdue(label, workingLateness(m.lateMs, lang), when(m.at as Date));
    case "paused":
      return t.waitingRequester(label, when(m.since as Date));
  }
}
