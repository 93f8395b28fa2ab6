// `node dist/test/demo/demo-desk.js FILE`: an SQLite desk with three weeks of made-up tickets, for the README's chart:
//   GUICHET_DB_FILE=FILE node dist/src/cli.js report --since 2026-11-16 --until 2026-11-22 --format png --output docs/report-chart.png
import "reflect-metadata";
import { loadDeskConfig } from "../../src/config/desk-config";
import type { Priority } from "../../src/config/desk-config-schema";
import { BusinessCalendar } from "../../src/core/sla/business-calendar";
import { Store } from "../../src/store/data-source";
import { Person } from "../../src/store/entities/Person";
import { Ticket, type TicketStatus } from "../../src/store/entities/Ticket";
import { TicketEvent } from "../../src/store/entities/TicketEvent";

const START = new Date("2026-11-02T07:30:00Z");
const END = new Date("2026-11-23T07:00:00Z");

async function seedDemoDesk(file: string): Promise<void> {
  const config = loadDeskConfig();
  const calendar = new BusinessCalendar(config.calendar);
  const store = await Store.open({ sqliteFile: file });
  const m = store.manager;
  const agent = await m.save(m.create(Person, { displayName: "Bruno Agent", role: "agent", expertGroups: [], site: null, locale: "fr", email: null, profile: null }));
  const requester = await m.save(m.create(Person, { displayName: "Alice Martin", role: "requester", expertGroups: [], site: null, locale: "fr", email: null, profile: "teacher" }));
  let random = 2026;
  const next = () => (random = (random * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const span = calendar.workingMillisecondsBetween(START, END) / 60_000;
  const priorities: Priority[] = ["normal", "normal", "normal", "high", "low", "critical"];
  for (let i = 0; i < 180; i++) {
    const createdAt = calendar.addWorkingMinutes(START, Math.floor(next() * span));
    const later = (from: Date, minutes: number) => calendar.addWorkingMinutes(from, minutes);
    const takenAt = later(createdAt, Math.floor(next() * 700));
    const answerAt = later(takenAt, Math.floor(next() * 180));
    const resolvedAt = later(answerAt, Math.floor(next() * 1500));
    const done = resolvedAt < END && next() < 0.9;
    const taken = takenAt < END;
    const status: TicketStatus = done ? "closed" : taken ? "in_progress" : "acknowledged";
    const ticket = await m.save(m.create(Ticket, {
      kind: next() < 0.3 ? "request" : "incident", title: `Demande ${i + 1}`, description: "démo", category: config.categories[i % config.categories.length].id,
      priority: priorities[i % priorities.length], status, level: 1, requesterId: requester.id, assigneeId: taken ? agent.id : null, team: "desk",
      expertGroup: null, site: null, lang: "fr", channel: i % 3 === 0 ? "teams" : "slack", requestType: null, fields: null, approval: "none",
      mergedIntoId: null, resolution: null, satisfaction: done ? 2 + Math.floor(next() * 4) : null, createdAt, acknowledgedAt: createdAt,
      takenAt: taken ? takenAt : null, firstAnswerAt: answerAt < END ? answerAt : null, escalatedAt: null, resolvedAt: done ? resolvedAt : null,
      closedAt: done ? later(resolvedAt, 60) : null, waitingSince: null, pausedSeconds: 0, slaDueAt: null,
      profile: ["staff", "teacher", "student"][i % 3], blocking: !done && next() < 0.3,
    }));
    const moves: Array<[Date, TicketStatus]> = [[createdAt, "acknowledged"]];
    if (taken) moves.push([takenAt, "in_progress"]);
    if (done) moves.push([resolvedAt, "resolved"], [later(resolvedAt, 60), "closed"]);
    for (const [at, toStatus] of moves) await m.insert(TicketEvent, { ticketId: ticket.id, actorId: agent.id, type: toStatus, fromStatus: null, toStatus, data: null, at });
  }
  await store.close();
}

seedDemoDesk(process.argv[2] ?? "demo-desk.sqlite").catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
