import { In, IsNull, MoreThan, type EntityManager } from "typeorm";
import { logger } from "../../logger";
import { Ticket } from "../../store/entities/Ticket";
import type { DeskContext } from "../desk-context";
import { DeskError } from "../desk-error";
import { isUniqueViolation, noticeKeysByTicket, recordNotice, type NoticeKind } from "../notices/notice-log";
import { texts } from "../messages/texts";
import { releaseHeldNotices } from "../notifications/personal-notices";
import { OPEN_STATUSES } from "../tickets/ticket-lifecycle";
import type { TicketService } from "../tickets/ticket-service";
import { planSla, type SlaStep, type SlaStepKind } from "./sla-plan";
import { SlaPlanner } from "./sla-planner";
import { slaPolicyFor } from "./sla-policy";
import { durationLabel, SlaNotices, type ChannelReminder } from "./sla-notices";

/** What one sweep did. */
export interface SweepResult {
  /** Due tickets read. */
  examined: number;
  reminders: number;
  breaches: number;
  escalations: number;
  closings: number;
  /** Tickets whose work failed and will be retried at the next sweep (or were done by another instance). */
  failed: number;
  /** People whose held notices were delivered as one summary (their working hours began, or their digest). */
  summaries: number;
}

export interface SlaSweepOptions {
  /** Due tickets handled per transaction (each in its own savepoint). */
  batchSize?: number;
}

const NOTICE_KIND: Record<SlaStepKind, NoticeKind> = {
  reminder: "sla_reminder",
  breach: "sla_breach",
  escalate: "auto_escalation",
  auto_close: "auto_close",
};

/**
 * The SLA sweep: reads the tickets whose `slaDueAt` has come (by index), and for each does what its plan says is
 * owed (reminders, breaches, the automatic call of level 2, the automatic closing) then stores its next instant.
 * It is idempotent: every step is recorded under a unique key in the transaction that queues its messages, so it
 * may run late, twice, or on two instances at once and still send each notice once. Timers are the stored
 * timestamps: a sweep after a restart catches up with whatever fell due meanwhile.
 */
export class SlaSweep {
  private readonly notices: SlaNotices;
  private readonly planner: SlaPlanner;
  private readonly batchSize: number;

  constructor(
    private readonly ctx: DeskContext,
    private readonly tickets: TicketService,
    options: SlaSweepOptions = {},
  ) {
    this.notices = new SlaNotices(ctx);
    this.planner = new SlaPlanner(ctx);
    this.batchSize = options.batchSize ?? 100;
  }

  async run(): Promise<SweepResult> {
    const now = this.ctx.now();
    const result: SweepResult = { examined: 0, reminders: 0, breaches: 0, escalations: 0, closings: 0, failed: 0, summaries: 0 };
    // Keyset pagination on (slaDueAt, id): a ticket that fails keeps its due instant without being read twice.
    let after: { due: Date; id: number } | null = null;
    for (;;) {
      const batch = await this.dueBatch(now, after);
      if (batch.length === 0) break;
      after = { due: batch[batch.length - 1].slaDueAt as Date, id: batch[batch.length - 1].id };
      result.examined += batch.length;
      await this.ctx.store.transaction(async (manager) => {
        const keys = await noticeKeysByTicket(manager, batch.map((t) => t.id));
        const channelReminders: ChannelReminder[] = [];
        for (const { id } of batch) {
          try {
            // A savepoint per ticket: one ticket's failure (a concurrent change, another instance first) undoes
            // only its own work, its channel reminder included.
            const found: ChannelReminder[] = [];
            const done = await manager.transaction((savepoint) => this.sweepTicket(savepoint, id, keys.get(id) ?? new Set(), now, found));
            channelReminders.push(...found);
            for (const kind of done) {
              if (kind === "reminder") result.reminders++;
              else if (kind === "breach") result.breaches++;
              else if (kind === "escalate") result.escalations++;
              else result.closings++;
            }
          } catch (error) {
            result.failed++;
            if (isUniqueViolation(error)) logger.debug({ event: "sla.sweep.taken", ticket: id }, "another instance handled this ticket");
            else if (error instanceof DeskError) logger.info({ event: "sla.sweep.skipped", ticket: id, code: error.code }, error.message);
            else if (/SQLITE_BUSY/.test(String((error as { code?: string }).code))) logger.warn({ event: "sla.sweep.busy", ticket: id }, "database busy; retried next sweep");
            else logger.error({ event: "sla.sweep.failed", ticket: id, err: error }, "SLA sweep failed on a ticket; retried next sweep");
          }
        }
        // In the transaction that recorded them: a reminder is recorded only with its message queued.
        await this.notices.postChannelReminders(manager, channelReminders);
      });
      if (batch.length < this.batchSize) break;
    }
    // What was held for people (quiet hours, digests) goes out when their time comes: one indexed read when none is.
    result.summaries = await this.ctx.store.transaction((manager) => releaseHeldNotices(manager, this.ctx));
    if (result.examined > 0 || result.summaries > 0) logger.info({ event: "sla.sweep", ...result }, "SLA sweep");
    return result;
  }

  /**
   * Plans tickets that have no next instant stored although they may need one: tickets from before the SLA engine,
   * and any left unplanned by a crash. Run at start-up; cheap for tickets with nothing ahead.
   */
  async planUnscheduled(): Promise<number> {
    let planned = 0;
    let afterId = 0;
    for (;;) {
      const batch = await this.ctx.store.manager.find(Ticket, {
        where: { id: MoreThan(afterId), slaDueAt: IsNull(), status: In([...OPEN_STATUSES, "resolved"]) },
        order: { id: "ASC" },
        take: this.batchSize,
      });
      if (batch.length === 0) break;
      afterId = batch[batch.length - 1].id;
      await this.ctx.store.transaction(async (manager) => {
        const keys = await noticeKeysByTicket(manager, batch.map((t) => t.id));
        for (const ticket of batch) if ((await this.planner.store(manager, ticket, keys.get(ticket.id) ?? new Set())) !== null) planned++;
      });
      if (batch.length < this.batchSize) break;
    }
    return planned;
  }

  private dueBatch(now: Date, after: { due: Date; id: number } | null): Promise<Array<Pick<Ticket, "id" | "slaDueAt">>> {
    const query = this.ctx.store.manager
      .createQueryBuilder(Ticket, "t")
      .select(["t.id", "t.slaDueAt"])
      .where("t.slaDueAt <= :now", { now });
    if (after) query.andWhere("(t.slaDueAt > :due OR (t.slaDueAt = :due AND t.id > :id))", { due: after.due, id: after.id });
    return query.orderBy("t.slaDueAt", "ASC").addOrderBy("t.id", "ASC").take(this.batchSize).getMany();
  }

  /** Does what is owed on one ticket; returns the kinds of step done. */
  private async sweepTicket(manager: EntityManager, id: number, known: Set<string>, now: Date, channelReminders: ChannelReminder[]): Promise<SlaStepKind[]> {
    let ticket = await manager.findOne(Ticket, { where: { id } });
    // Re-planned since it was read (a change, another instance): nothing is due any more.
    if (!ticket || ticket.slaDueAt === null || ticket.slaDueAt.getTime() > now.getTime()) return [];
    const sent = new Set(known);
    const plan = planSla(this.ctx.calendar, slaPolicyFor(this.ctx.config, this.ctx.calendar, ticket), ticket, sent, now);
    const done: SlaStepKind[] = [];
    for (const step of plan.due) {
      sent.add(step.key);
      if (!(await recordNotice(manager, { key: step.key, kind: NOTICE_KIND[step.kind], ticketId: id, at: now }))) continue;
      ticket = await this.perform(manager, ticket, step, channelReminders);
      done.push(step.kind);
    }
    // `ticket` is current: notices change no ticket field, and escalating or closing returns the ticket re-read.
    await this.planner.store(manager, ticket, sent);
    // A reminder falls when a commitment turns near, a breach when it turns overdue: the ticket's posts show that
    // state, so they are redrawn now (escalating and closing redraw them already). Nothing else changes a card as
    // time passes, so no card is redrawn between two state changes.
    if (done.some((kind) => kind === "reminder" || kind === "breach") && !done.some((kind) => kind === "escalate" || kind === "auto_close")) {
      await this.tickets.refreshCard(manager, ticket);
    }
    return done;
  }

  private async perform(manager: EntityManager, ticket: Ticket, step: SlaStep, channelReminders: ChannelReminder[]): Promise<Ticket> {
    switch (step.kind) {
      case "reminder": {
        const forChannel = await this.notices.remind(manager, ticket, step);
        if (forChannel) channelReminders.push(forChannel);
        return ticket;
      }
      case "breach":
        await this.notices.breach(manager, ticket, step);
        return ticket;
      case "escalate": {
        const policy = slaPolicyFor(this.ctx.config, this.ctx.calendar, ticket);
        const group = policy.escalation?.group as string;
        const lang = this.ctx.config.desk.defaultLocale;
        const target = durationLabel(step.target.duration, lang);
        const escalated = await this.tickets.escalateAutomatically(
          manager, ticket.id, group, texts(lang).autoEscalationNote(target), texts(lang).autoEscalationPostText(target),
        );
        await this.notices.autoEscalated(manager, escalated, group, step);
        return escalated;
      }
      case "auto_close":
        // The notice first, so the requester reads why before the survey that closing sends.
        await this.notices.autoClosed(manager, ticket, step);
        return this.tickets.close(manager, null, ticket.id);
    }
  }
}
