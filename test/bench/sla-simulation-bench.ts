import "reflect-metadata";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { loadDeskConfig } from "../../src/config/desk-config";
import { deskConfigSchema, type Priority } from "../../src/config/desk-config-schema";
import { BusinessCalendar } from "../../src/core/sla/business-calendar";
import { SlaRules } from "../../src/core/sla-simulator/sla-replay";
import { simulateSla, SlaSimulator } from "../../src/core/sla-simulator/sla-simulation";
import { readTicketHistories, type TicketHistory } from "../../src/core/sla-simulator/ticket-history";
import { Store } from "../../src/store/data-source";
import { Person } from "../../src/store/entities/Person";
import { Ticket, type TicketStatus } from "../../src/store/entities/Ticket";
import { TicketEvent } from "../../src/store/entities/TicketEvent";

export interface SimulationBenchOptions {
  tickets?: number;
  print?: (line: string) => void;
}

/** The replay instant: Tuesday 1 December 2026, 09:00 in Paris; the tickets were opened over the three months before. */
const NOW = new Date("2026-12-01T08:00:00Z");
const START = new Date("2026-09-01T06:30:00Z");
const PRIORITIES: Priority[] = ["normal", "normal", "normal", "normal", "high", "high", "low", "critical"];

/**
 * `guichet sla simulate` over N tickets (100 000 by default) opened over three months, with their audit logs: 60 %
 * resolved and closed (a fifth of them after a wait for the requester, one in ten reopened and resolved again), 10 %
 * merged, 20 % still open, 10 % escalated (half by a person, half by the SLA job). Times the pure replay of every
 * history against the shipped rules and candidate ones (tighter targets, a closure week), then the whole command's
 * work: reading the histories from an SQLite file in batches and replaying them.
 */
export async function runSlaSimulationBench(options: SimulationBenchOptions = {}): Promise<{ replayMs: number; endToEndMs: number }> {
  const count = options.tickets ?? Number(process.env.BENCH_SIMULATION_TICKETS ?? 100_000);
  const print = options.print ?? ((line: string) => console.log(line));
  const config = loadDeskConfig();
  const calendar = new BusinessCalendar(config.calendar);
  const candidateConfig = deskConfigSchema.parse({
    ...config,
    sla: { ...config.sla, takeInCharge: "1d", firstAnswer: "2h", resolve: { ...config.sla.resolve, normal: "2d" } },
    calendar: { ...config.calendar, closures: [...config.calendar.closures, { from: "2026-10-26", to: "2026-10-30", label: "Vacances de la Toussaint" }] },
  });
  const current = new SlaRules(config, calendar);
  const candidate = new SlaRules(candidateConfig, new BusinessCalendar(candidateConfig.calendar));
  print(`SLA simulation benchmark: ${count.toLocaleString("en")} tickets over three months, Node ${process.version}, load ${loadavg().map((l) => l.toFixed(2)).join(" ")}.`);

  const histories = generate(calendar, count);
  const events = histories.reduce((n, h) => n + h.statuses.length, 0);
  const started = performance.now();
  const cpu = process.cpuUsage();
  const simulation = simulateSla(histories, current, candidate, NOW.getTime());
  const replayMs = performance.now() - started;
  // On a shared machine the wall clock counts the other processes' turns too; the process's CPU time does not.
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  print(`  pure replay, current and candidate rules: ${replayMs.toFixed(0)} ms (${cpuMs.toFixed(0)} ms of CPU) for ${count} tickets and ${events} status changes (${((count / replayMs) * 1000).toFixed(0)} tickets/s)`);
  print(`    first answers met ${simulation.current.targets.first_answer.met} → ${simulation.candidate.targets.first_answer.met}; ${simulation.metToMissed.length} commitments met → missed; reminders ${sum(simulation.current.reminders)} → ${sum(simulation.candidate.reminders)}`);

  const dir = mkdtempSync(path.join(tmpdir(), "guichet-simulation-bench-"));
  const store = await Store.open({ sqliteFile: path.join(dir, "desk.sqlite") });
  let endToEndMs = 0;
  try {
    const seedStart = performance.now();
    await seed(store, histories);
    print(`  seeded ${count} tickets and ${events} audit events on SQLite in ${(performance.now() - seedStart).toFixed(0)} ms`);
    const readStart = performance.now();
    const readCpu = process.cpuUsage();
    const simulator = new SlaSimulator(current, candidate, NOW.getTime());
    let replaying = 0;
    for await (const batch of readTicketHistories(store.manager, START, NOW)) {
      const batchStart = performance.now();
      simulator.add(batch);
      replaying += performance.now() - batchStart;
    }
    endToEndMs = performance.now() - readStart;
    const readUsed = process.cpuUsage(readCpu);
    print(`  read from SQLite and replayed (what the command does): ${endToEndMs.toFixed(0)} ms, ${((readUsed.user + readUsed.system) / 1000).toFixed(0)} ms of CPU (reading ${(endToEndMs - replaying).toFixed(0)} ms, replaying ${replaying.toFixed(0)} ms), ${simulator.simulation.tickets} tickets; peak resident set ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return { replayMs, endToEndMs };
}

function sum(counts: Partial<Record<string, number>>): number {
  return Object.values(counts).reduce<number>((a, b) => a + (b ?? 0), 0);
}

/** Deterministic histories: the same tickets at every run. */
function generate(calendar: BusinessCalendar, count: number): TicketHistory[] {
  const config = loadDeskConfig();
  let random = 12345;
  const next = () => (random = (random * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const span = calendar.workingMillisecondsBetween(START, NOW) / 60_000;
  const histories: TicketHistory[] = [];
  for (let i = 0; i < count; i++) {
    const created = calendar.addWorkingMinutes(START, Math.floor(next() * span)).getTime();
    const later = (from: number, minutes: number) => calendar.addWorkingMinutes(new Date(from), minutes).getTime();
    const statusAt = [created, created];
    const statuses: TicketStatus[] = ["new", "acknowledged"];
    const move = (at: number, status: TicketStatus) => {
      statusAt.push(at);
      statuses.push(status);
    };
    const h: TicketHistory = {
      id: i + 1, category: config.categories[i % config.categories.length].id, priority: PRIORITIES[i % PRIORITIES.length], createdAt: created,
      acknowledgedAt: created, takenAt: null, firstAnswerAt: null, resolvedAt: null, statusAt, statuses, manualEscalationAt: null,
    };
    const kind = next();
    const taken = later(created, Math.floor(next() * 900));
    if (kind < 0.1) {
      move(later(created, 30), "closed");
    } else if (kind < 0.3) {
      if (next() < 0.5) {
        h.takenAt = taken;
        move(taken, "in_progress");
      }
    } else {
      h.takenAt = taken;
      move(taken, "in_progress");
      h.firstAnswerAt = later(taken, Math.floor(next() * 240));
      let at = h.firstAnswerAt;
      if (kind < 0.4) {
        at = later(at, 60);
        move(at, "escalated");
        if (kind < 0.35) h.manualEscalationAt = at;
      } else {
        if (next() < 0.2) {
          move(at, "waiting_requester");
          at = later(at, Math.floor(next() * 900));
          move(at, "in_progress");
        }
        at = later(at, Math.floor(next() * 1350));
        move(at, "resolved");
        if (next() < 0.1) {
          at = later(at, 120);
          move(at, "in_progress");
          at = later(at, 240);
          move(at, "resolved");
        }
        h.resolvedAt = at;
        move(later(at, 450), "closed");
      }
    }
    // Keep only what had happened by the replay: the rest is the future.
    while (statusAt.length > 1 && statusAt[statusAt.length - 1] > NOW.getTime()) {
      statusAt.pop();
      const status = statuses.pop();
      if (status === "resolved") h.resolvedAt = null;
    }
    for (const key of ["takenAt", "firstAnswerAt", "resolvedAt", "manualEscalationAt"] as const) if ((h[key] ?? 0) > NOW.getTime()) h[key] = null;
    histories.push(h);
  }
  return histories;
}

/** Writes the histories as tickets and audit events, in large multi-row statements. */
async function seed(store: Store, histories: TicketHistory[]): Promise<void> {
  const requester = await store.manager.save(store.manager.create(Person, { displayName: "Requester", role: "requester", expertGroups: [], site: null, locale: "fr", email: null }));
  const date = (ms: number | null) => (ms === null ? null : new Date(ms));
  for (let i = 0; i < histories.length; i += 500) {
    const slice = histories.slice(i, i + 500);
    await store.transaction(async (manager) => {
      await manager.createQueryBuilder().insert().into(Ticket).values(slice.map((h) => {
        const status = h.statuses[h.statuses.length - 1];
        return {
          id: h.id, kind: "incident" as const, title: `Ticket ${h.id}`, description: "bench", category: h.category, priority: h.priority, status,
          level: status === "escalated" ? 2 : 1, requesterId: requester.id, assigneeId: null, team: "desk", expertGroup: null, site: null,
          lang: "fr" as const, channel: "console" as const, requestType: null, fields: null, approval: "none" as const, mergedIntoId: null, resolution: null,
          satisfaction: null, createdAt: new Date(h.createdAt), acknowledgedAt: date(h.acknowledgedAt), takenAt: date(h.takenAt),
          firstAnswerAt: date(h.firstAnswerAt), escalatedAt: null, resolvedAt: date(h.resolvedAt), closedAt: status === "closed" ? date(h.statusAt[h.statusAt.length - 1]) : null,
          waitingSince: null, pausedSeconds: 0, slaDueAt: null,
        };
      })).execute();
      const events = slice.flatMap((h) => h.statuses.map((toStatus, j) => ({
        ticketId: h.id, actorId: toStatus === "escalated" && h.manualEscalationAt === null ? null : requester.id,
        type: toStatus === "escalated" ? "escalate" : j === 0 ? "created" : "status", fromStatus: j === 0 ? null : h.statuses[j - 1], toStatus, data: null, at: new Date(h.statusAt[j]),
      })));
      for (let j = 0; j < events.length; j += 500) await manager.createQueryBuilder().insert().into(TicketEvent).values(events.slice(j, j + 500)).execute();
    });
  }
}
