import "reflect-metadata";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { loadDeskConfig } from "../../src/config/desk-config";
import type { Priority } from "../../src/config/desk-config-schema";
import { Desk } from "../../src/core/desk";
import { OutboxDispatcher } from "../../src/core/outbox/outbox-dispatcher";
import { PersonDirectory } from "../../src/core/people/person-directory";
import { BusinessCalendar } from "../../src/core/sla/business-calendar";
import { planSla } from "../../src/core/sla/sla-plan";
import { SlaPlanner } from "../../src/core/sla/sla-planner";
import { slaPolicyFor } from "../../src/core/sla/sla-policy";
import { SlaSweep, type SweepResult } from "../../src/core/sla/sla-sweep";
import { logger } from "../../src/logger";
import { Store } from "../../src/store/data-source";
import { NoticeRecord } from "../../src/store/entities/NoticeRecord";
import { OutboxMessage } from "../../src/store/entities/OutboxMessage";
import { Person } from "../../src/store/entities/Person";
import { Ticket, type TicketStatus } from "../../src/store/entities/Ticket";
import { TicketThread } from "../../src/store/entities/TicketThread";

export interface SlaBenchOptions {
  tickets?: number;
  print?: (line: string) => void;
}

export interface SlaBenchRow {
  step: string;
  ms: number;
  examined: number;
  notices: number;
  heapMiB: number;
}

/** Monday 7 December 2026, 10:00 in Paris: the tickets were opened over the ten working days before. */
const NOW = new Date("2026-12-07T09:00:00Z");

/**
 * The SLA sweep over N open tickets (100 000 by default) on an SQLite file, as a running desk has them: tickets of
 * every category and priority opened over the last ten working days, 40 % unassigned, 40 % in progress, 10 % waiting
 * for the requester, 10 % escalated, each with its triage thread, and every notice owed before now already recorded
 * (as the sweeps would have done; tickets past their escalation delay are at level 2). Times the minute-by-minute
 * sweeps, an idle sweep, catch-ups after an hour and a working day without any instance running, and the planning of
 * every ticket that start-up does for tickets without a stored instant. Memory is the JavaScript heap retained after
 * each step and the process's peak resident set.
 */
export async function runSlaSweepBench(options: SlaBenchOptions = {}): Promise<SlaBenchRow[]> {
  const count = options.tickets ?? Number(process.env.BENCH_SLA_TICKETS ?? 100_000);
  // The sweep logs a line per run at info level; the bench prints its own.
  if (process.env.LOG_LEVEL === undefined) logger.level = "warn";
  const print = options.print ?? ((line: string) => console.log(line));
  const gc = exposeGc();
  const dir = mkdtempSync(path.join(tmpdir(), "guichet-sla-bench-"));
  const store = await Store.open({ sqliteFile: path.join(dir, "desk.sqlite") });
  const clock = { now: NOW };
  const config = loadDeskConfig();
  const calendar = new BusinessCalendar(config.calendar);
  const outbox = new OutboxDispatcher(store, { now: () => clock.now });
  const ctx = {
    config, store, calendar, knowledge: { search: () => [] }, directory: new PersonDirectory(config),
    platforms: () => ["console" as const], now: () => clock.now, observers: [new SlaPlanner({ config, calendar, now: () => clock.now })],
  };
  const desk = new Desk(ctx as unknown as ConstructorParameters<typeof Desk>[0], outbox);
  const sweep = new SlaSweep(desk.ctx, desk.tickets);
  const rows: SlaBenchRow[] = [];
  print(`SLA sweep benchmark: ${count.toLocaleString("en")} open tickets on SQLite (WAL file), Node ${process.version}, load ${loadavg().map((l) => l.toFixed(2)).join(" ")}.`);

  try {
    const seedStart = performance.now();
    await seed(store, calendar, count);
    print(`  seeded ${count} tickets and their triage threads in ${(performance.now() - seedStart).toFixed(0)} ms`);

    const measure = async (step: string, work: () => Promise<{ examined: number }>) => {
      gc();
      const notesBefore = await store.manager.count(NoticeRecord);
      const started = performance.now();
      const result = await work();
      const ms = performance.now() - started;
      gc();
      const row = {
        step, ms, examined: result.examined, notices: (await store.manager.count(NoticeRecord)) - notesBefore,
        heapMiB: process.memoryUsage().heapUsed / 2 ** 20,
      };
      rows.push(row);
      print(`  ${step}: ${ms.toFixed(0)} ms, ${row.examined} tickets read, ${row.notices} notices recorded, heap ${row.heapMiB.toFixed(0)} MiB`);
      // A running desk's outbox delivers within seconds: what this step queued is sent before the next one.
      await store.manager.createQueryBuilder().update(OutboxMessage).set({ status: "sent" }).where("status = 'pending'").execute();
      return result;
    };

    const detail = (r: SweepResult) =>
      print(`    reminders ${r.reminders}, breaches ${r.breaches}, escalations ${r.escalations}, closings ${r.closings}, failed ${r.failed}`);
    for (const minutes of [0, 1, 2, 3, 4, 5]) {
      clock.now = new Date(NOW.getTime() + minutes * 60_000);
      await measure(`minute sweep at +${minutes} min`, () => sweep.run());
    }
    await measure("idle sweep (nothing due)", () => sweep.run());
    clock.now = new Date(NOW.getTime() + 65 * 60_000);
    detail((await measure("catch-up after an hour without sweeps", () => sweep.run())) as SweepResult);
    clock.now = new Date(NOW.getTime() + 24 * 3600_000);
    const day = (await measure("catch-up after a working day without sweeps", () => sweep.run())) as SweepResult;
    detail(day);
    const perTicket = day.examined > 0 ? rows[rows.length - 1].ms / day.examined : 0;
    print(`    ${perTicket.toFixed(2)} ms per due ticket (an automatic escalation is the dearest: a card, an expert post, a requester notice)`);
    await store.manager.createQueryBuilder().update(Ticket).set({ slaDueAt: null }).execute();
    let planned = 0;
    await measure("plan every ticket without a stored instant (start-up after an upgrade)", async () => {
      planned = await sweep.planUnscheduled();
      return { examined: count };
    });
    print(`    ${planned} tickets with an instant ahead (the others have every target met, missed and told, or paused)`);

    const plan = await store.dataSource.query(
      "EXPLAIN QUERY PLAN SELECT id, slaDueAt FROM ticket WHERE slaDueAt <= ? ORDER BY slaDueAt, id LIMIT 100",
      ["2026-12-07 09:00:00.000"],
    ) as Array<{ detail: string }>;
    print(`  due query plan: ${plan.map((p) => p.detail).join("; ")}`);
    print(`  outbox rows written: ${await store.manager.count(OutboxMessage)}; peak resident set ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

const STATUSES: Array<{ status: TicketStatus; share: number }> = [
  { status: "acknowledged", share: 4 },
  { status: "in_progress", share: 4 },
  { status: "waiting_requester", share: 1 },
  { status: "escalated", share: 1 },
];
const PRIORITIES: Priority[] = ["normal", "normal", "normal", "normal", "high", "high", "low", "critical"];

/** Inserts the people, the tickets and their triage threads in large multi-row statements. */
async function seed(store: Store, calendar: BusinessCalendar, count: number): Promise<void> {
  const config = loadDeskConfig();
  const before = new Date(NOW.getTime() - 60_000);
  const requester = await store.manager.save(store.manager.create(Person, { displayName: "Requester", role: "requester", expertGroups: [], site: null, locale: "fr", email: null }));
  const agent = await store.manager.save(store.manager.create(Person, { displayName: "Agent", role: "agent", expertGroups: [], site: null, locale: "fr", email: null }));
  const start = new Date("2026-11-23T07:30:00Z");
  const span = 10 * calendar.standardDayMinutes;
  const statusOf = STATUSES.flatMap((s) => Array<TicketStatus>(s.share).fill(s.status));
  let random = 12345;
  const next = () => (random = (random * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let done = 0; done < count; ) {
    const rows: Array<Partial<Ticket>> = [];
    for (let i = 0; i < 500 && done < count; i++, done++) {
      const category = config.categories[done % config.categories.length];
      const status = statusOf[done % statusOf.length];
      const createdAt = calendar.addWorkingMinutes(start, Math.floor(next() * span));
      const worked = status !== "acknowledged";
      const later = (minutes: number) => calendar.addWorkingMinutes(createdAt, minutes);
      rows.push({
        kind: "incident", title: `Ticket ${done}`, description: "bench", category: category.id, priority: PRIORITIES[done % PRIORITIES.length], status,
        level: status === "escalated" ? 2 : 1, requesterId: requester.id, assigneeId: worked ? agent.id : null, team: config.defaultTeam ?? config.teams[0].id,
        expertGroup: status === "escalated" ? (category.expertGroup ?? null) : null, site: null, lang: "fr", channel: "console", requestType: null,
        fields: null, approval: "none", mergedIntoId: null, resolution: null, satisfaction: null, createdAt, acknowledgedAt: createdAt,
        takenAt: worked ? later(30) : null, firstAnswerAt: worked && done % 2 === 0 ? later(60) : null,
        escalatedAt: status === "escalated" ? later(90) : null, resolvedAt: null, closedAt: null,
        waitingSince: status === "waiting_requester" ? later(60) : null, pausedSeconds: 0, slaDueAt: null,
      });
    }
    await store.transaction(async (manager) => {
      const inserted = await manager.createQueryBuilder().insert().into(Ticket).values(rows).execute();
      const ids = inserted.identifiers.map((r) => r.id as number);
      await manager.createQueryBuilder().insert().into(TicketThread).values(ids.map((ticketId) => ({
        ticketId, role: "triage" as const, platform: "console" as const, conversation: "triage:desk", thread: `m${ticketId}`, expertGroup: null,
      }))).execute();
      // What the sweeps of the last two weeks left: every step owed before now recorded, escalations made.
      const notices: Array<Partial<NoticeRecord>> = [];
      for (const [i, id] of ids.entries()) {
        const ticket = { ...rows[i], id } as Ticket;
        const sent = new Set<string>();
        for (;;) {
          const policy = slaPolicyFor(config, calendar, ticket);
          const owed = planSla(calendar, policy, ticket, sent, before).due;
          if (owed.length === 0) {
            ticket.slaDueAt = planSla(calendar, policy, ticket, sent, before).next;
            break;
          }
          for (const step of owed) {
            sent.add(step.key);
            notices.push({ key: step.key, kind: step.kind === "escalate" ? "auto_escalation" : `sla_${step.kind}`, ticketId: id, at: step.at });
            if (step.kind === "escalate") Object.assign(ticket, { level: 2, status: "escalated", escalatedAt: step.at, expertGroup: policy.escalation?.group ?? null });
          }
        }
        await manager.update(Ticket, { id }, { level: ticket.level, status: ticket.status, escalatedAt: ticket.escalatedAt, expertGroup: ticket.expertGroup, slaDueAt: ticket.slaDueAt });
      }
      for (let j = 0; j < notices.length; j += 500) await manager.createQueryBuilder().insert().into(NoticeRecord).values(notices.slice(j, j + 500)).execute();
    });
  }
}

function exposeGc(): () => void {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  return () => gc();
}
