import type { Store } from "../../../src/store/data-source";
import { KnowledgeUsage } from "../../../src/store/entities/KnowledgeUsage";
import { MajorIncident } from "../../../src/store/entities/MajorIncident";
import { NoticeRecord } from "../../../src/store/entities/NoticeRecord";
import { Person } from "../../../src/store/entities/Person";
import { Ticket } from "../../../src/store/entities/Ticket";
import { TicketEvent } from "../../../src/store/entities/TicketEvent";
import { paris } from "../sla/calendar-fixtures";

/** The week reported on: Monday 16 to Sunday 22 November 2026 in Paris, looked at on Monday 23 at 09:00. */
export const WEEK = { since: paris("2026-11-16T00:00"), until: paris("2026-11-23T00:00") };
export const REPORT_TIME = paris("2026-11-23T09:00");

const at = (local: string | null) => (local === null ? null : paris(local));

/**
 * Six tickets whose figures are counted by hand (office hours 08:30–12:00 and 13:30–17:30; targets: take in charge
 * 2 d = 900 min, first answer 4 h = 240 min, resolution 3 d = 1 350 min for normal, 1 d = 450 min for high):
 *
 * #1 accounts, slack, normal: opened Mon 09:00; taken 10:00 (60 min), answered 11:00 (120), resolved 15:00
 *    (180 + 90 = 270); closed Tue, rated 5.
 * #2 network, teams, HIGH: opened Mon 14:00; taken Tue 09:00 (210 + 30 = 240), answered Tue 10:00 (300: first answer
 *    missed), escalated automatically Tue 10:30, resolved Wed 10:00 (210 + 450 + 90 = 750 > 450: missed); rated 2.
 * #3 printing, slack, normal, a request: opened Tue 08:30; taken and answered 09:30 (60), waited 60 min for the
 *    requester, resolved 14:30 (210 + 60 − 60 = 210); not closed yet.
 * #4 accounts, console, normal: opened Wed 10:00, never taken. On Mon 23 09:00 it has run 120 + 240 + 450 + 450 + 30
 *    = 1 290 min: take in charge and first answer missed, resolution still running (1 290 ≤ 1 350).
 * #5 software, slack: opened Thu 09:00, merged into #1 at 10:00: nothing to measure but its acknowledgement.
 * #6 accounts, slack: opened Fri 13 (before the week), closed Mon 16 10:00 and rated 4: counts for satisfaction only.
 *
 * Times: take in charge [60, 60, 240] → median 60, p90 240; first answer [60, 120, 300] → 120, 300;
 * resolution [210, 270, 750] → 270, 750; acknowledgement 0 for the five.
 * Targets: take in charge 3 met, 1 missed (#4); first answer 2 met, 2 missed (#2, #4); resolution 2 met, 1 missed
 * (#2), 1 running (#4). Escalations 1 of 5 (automatic). Deflections 2 (one more on Mon 23 00:00 is next week's):
 * 2 / (2 + 5). Satisfaction: 5, 2, 4 → 11 / 3.
 *
 * Profiles: #1, #3 and #6 teacher, #2 student, #4 staff (and tagged blocking), #5 none. Per profile: teacher 2 opened,
 * 2 resolved (210, 270 → median and mean 240), every commitment met, rated 5 and 4 (#6, closed in the week); student 1
 * opened and resolved (750), first answer and resolution missed, rated 2; staff 1 opened, taken in charge and first
 * answer missed; none: #5, measured for its acknowledgement only. Means of all: take in charge 120, first answer 160,
 * resolution 410.
 *
 * Each ticket also has its audit log (status changes at the times above, #2 escalated by the SLA job, #3 waiting for
 * the requester from 10:00 to 11:00), which the SLA simulator replays.
 */
export async function seedReportWeek(store: Store): Promise<void> {
  const m = store.manager;
  const person = async (displayName: string, role: Person["role"] = "requester") =>
    (await m.save(m.create(Person, { displayName, role, expertGroups: [], site: null, locale: "fr", email: null }))).id;
  const alice = await person("Alice Martin");
  const ben = await person("Ben, \"the\" Taylor");
  const mallory = await person("@admin");
  const bruno = await person("Bruno Agent", "agent");

  const ticket = (t: {
    title: string; category: string; channel: Ticket["channel"]; priority?: Ticket["priority"]; kind?: Ticket["kind"]; status: Ticket["status"];
    requester: number; assignee?: number; created: string; taken?: string; answered?: string; escalated?: string; resolved?: string;
    closed?: string; paused?: number; satisfaction?: number; merged?: number; profile?: string; blocking?: boolean;
    /** Status changes after the creation and acknowledgement: [local time, transition, new status, by the agent?]. */
    moves?: Array<[string, string, Ticket["status"], boolean]>;
  }) =>
    m.save(m.create(Ticket, {
      kind: t.kind ?? "incident", title: t.title, description: t.title, category: t.category, priority: t.priority ?? "normal",
      status: t.status, level: t.escalated ? 2 : 1, requesterId: t.requester, assigneeId: t.assignee ?? null, team: "desk",
      expertGroup: t.escalated ? "network" : null, site: null, lang: "fr", channel: t.channel, requestType: null, fields: null,
      approval: "none", mergedIntoId: t.merged ?? null, resolution: null, satisfaction: t.satisfaction ?? null,
      createdAt: paris(t.created), acknowledgedAt: paris(t.created), takenAt: at(t.taken ?? null), firstAnswerAt: at(t.answered ?? null),
      escalatedAt: at(t.escalated ?? null), resolvedAt: at(t.resolved ?? null), closedAt: at(t.closed ?? null), waitingSince: null,
      pausedSeconds: t.paused ?? 0, slaDueAt: null, profile: t.profile ?? null, blocking: t.blocking ?? false,
    })).then(async (saved) => {
      const event = (local: string, type: string, fromStatus: string | null, toStatus: string, actorId: number | null) =>
        m.insert(TicketEvent, { ticketId: saved.id, actorId, type, fromStatus, toStatus, data: null, at: paris(local) });
      await event(t.created, "created", null, "new", t.requester);
      await event(t.created, "acknowledge", "new", "acknowledged", null);
      let status: string = "acknowledged";
      for (const [local, type, to, byAgent] of t.moves ?? []) {
        await event(local, type, status, to, byAgent ? bruno : null);
        status = to;
      }
      return saved;
    });

  await ticket({
    title: "Imprimante \"HP\" en panne, bureau 12", category: "accounts", channel: "slack", status: "closed", requester: alice, assignee: bruno, profile: "teacher",
    created: "2026-11-16T09:00", taken: "2026-11-16T10:00", answered: "2026-11-16T11:00", resolved: "2026-11-16T15:00", closed: "2026-11-17T10:00", satisfaction: 5,
    moves: [["2026-11-16T10:00", "claim", "in_progress", true], ["2026-11-16T15:00", "resolve", "resolved", true], ["2026-11-17T10:00", "close", "closed", false]],
  });
  const escalated = await ticket({
    title: "=HYPERLINK(\"http://evil.example\")", category: "network", channel: "teams", priority: "high", status: "closed", requester: ben, assignee: bruno, profile: "student",
    created: "2026-11-16T14:00", taken: "2026-11-17T09:00", answered: "2026-11-17T10:00", escalated: "2026-11-17T10:30", resolved: "2026-11-18T10:00",
    closed: "2026-11-18T12:00", satisfaction: 2,
    moves: [
      ["2026-11-17T09:00", "claim", "in_progress", true], ["2026-11-17T10:30", "escalate", "escalated", false],
      ["2026-11-18T10:00", "resolve", "resolved", true], ["2026-11-18T12:00", "close", "closed", false],
    ],
  });
  await ticket({
    title: "Ligne 1\nLigne 2", kind: "request", category: "printing", channel: "slack", status: "resolved", requester: alice, assignee: bruno, profile: "teacher",
    created: "2026-11-17T08:30", taken: "2026-11-17T09:30", answered: "2026-11-17T09:30", resolved: "2026-11-17T14:30", paused: 3600,
    moves: [
      ["2026-11-17T09:30", "claim", "in_progress", true], ["2026-11-17T10:00", "wait_for_requester", "waiting_requester", true],
      ["2026-11-17T11:00", "requester_replied", "in_progress", false], ["2026-11-17T14:30", "resolve", "resolved", true],
    ],
  });
  await ticket({ title: "-2+3", category: "accounts", channel: "console", status: "acknowledged", requester: ben, created: "2026-11-18T10:00", profile: "staff", blocking: true });
  await ticket({
    title: "doublon", category: "software", channel: "slack", status: "closed", requester: mallory, created: "2026-11-19T09:00", closed: "2026-11-19T10:00", merged: 1,
    moves: [["2026-11-19T10:00", "merge", "closed", true]],
  });
  await ticket({
    title: "avant la semaine", category: "accounts", channel: "slack", status: "closed", requester: alice, assignee: bruno, created: "2026-11-13T10:00", profile: "teacher",
    taken: "2026-11-13T10:15", answered: "2026-11-13T10:30", resolved: "2026-11-13T11:00", closed: "2026-11-16T10:00", satisfaction: 4,
    moves: [["2026-11-13T10:15", "claim", "in_progress", true], ["2026-11-13T11:00", "resolve", "resolved", true], ["2026-11-16T10:00", "close", "closed", false]],
  });

  const usage = (event: KnowledgeUsage["event"], local: string) =>
    m.save(m.create(KnowledgeUsage, { articleId: "fr-mot-de-passe-oublie", event, conversationId: null, personId: alice, query: null, channel: "slack", at: paris(local) }));
  await usage("solved", "2026-11-17T11:00");
  await usage("solved", "2026-11-21T10:00");
  await usage("shown", "2026-11-17T11:00");
  await usage("solved", "2026-11-23T00:00");

  await m.insert(NoticeRecord, { key: `sla:${escalated.id}:escalate`, kind: "auto_escalation", ticketId: escalated.id, at: paris("2026-11-17T10:30") });
  const incident = (title: string, local: string) =>
    m.insert(MajorIncident, { title, description: null, category: "network", status: "closed", declaredById: bruno, declaredAt: paris(local), closedById: bruno, closedAt: paris(local), resolution: null });
  await incident("Wi-Fi", "2026-11-18T09:00");
  await incident("VPN", "2026-11-23T08:00");
}
