import { schedule, type RunCoordinator, type ScheduledTask, type TaskContext } from "node-cron";
import type { Guichet } from "../app";
import { isUniqueViolation } from "../core/notices/notice-log";
import { IncidentWatch } from "../core/incidents/incident-watch";
import { postManagementDigest } from "../core/reports/management-digest";
import { pruneRecords, type PruneResult } from "../core/retention/record-retention";
import { postReviewExtraction } from "../core/reports/review-extraction";
import { SlaSweep, type SweepResult } from "../core/sla/sla-sweep";
import { logger } from "../logger";
import { metrics } from "../metrics";
import { NoticeRecord } from "../store/entities/NoticeRecord";
import { lastFireAtOrBefore } from "./cron-fires";
import { DatabaseRunCoordinator } from "./run-coordinator";

/** A started set of scheduled jobs. */
export interface RunningJobs {
  /** The node-cron tasks, by job name. */
  readonly tasks: { slaSweep: ScheduledTask; digest: ScheduledTask; retention: ScheduledTask; extraction: ScheduledTask | null; externalDesks: ScheduledTask | null };
  /** Settles when the start-up catch-up (planning unplanned tickets, a missed digest) is done. */
  readonly ready: Promise<void>;
  /** One SLA sweep now (what each fire does). */
  sweep(): Promise<SweepResult>;
  /** The digest of the scheduled run at `runAt` (what each fire does); false when it was already posted. */
  digest(runAt: Date): Promise<boolean>;
  /** Deletes processed-event ids and delivered messages past their retention (what each fire does). */
  prune(): Promise<PruneResult>;
  /** The review-meeting extraction of the scheduled run at `runAt`; false when it was already posted. */
  extraction(runAt: Date): Promise<boolean>;
  /** One reading of the transferred tickets due in the other desks' systems (what each fire does); how many were read. */
  readExternalDesks(): Promise<number>;
  stop(): Promise<void>;
}

export interface JobOptions {
  /** Elects one instance per fire; by default a lease row in guichet's database. */
  coordinator?: RunCoordinator;
}

/** A fire may run this long before another instance may presume it dead (node-cron's lease). */
const SWEEP_LEASE_MS = 10 * 60_000;
const DIGEST_LEASE_MS = 30 * 60_000;
const RETENTION_LEASE_MS = 60 * 60_000;
/** Old rows are deleted every night, and at start (a desk that never runs at night still gets its tables pruned). */
const RETENTION_SCHEDULE = "30 3 * * *";
const DESK_POLL_LEASE_MS = 10 * 60_000;
const LEASES_KEPT_MS = 24 * 3600_000;

/**
 * Starts the scheduled jobs: the SLA sweep (every minute by default), the management digest (Mondays 08:00) and the
 * retention of old rows (nightly), node-cron tasks in the calendar's time zone, `distributed` so that one instance
 * runs each fire, and `noOverlap` so that a long run is not started twice in one process. Meanwhile, tickets without a
 * stored SLA instant are planned, a digest missed while no instance ran is posted, and old rows are pruned (`ready`).
 */
export async function startJobs(guichet: Guichet, options: JobOptions = {}): Promise<RunningJobs> {
  const { desk, config } = guichet;
  const coordinator = options.coordinator ?? new DatabaseRunCoordinator(guichet.store, desk.ctx.now);
  const slaSweep = new SlaSweep(desk.ctx, desk.tickets);
  const incidentWatch = new IncidentWatch(desk.ctx, desk.incidents);
  const timezone = config.calendar.timezone;

  const sweep = async (): Promise<SweepResult> => {
    const result = await slaSweep.run();
    metrics.slaNotices(result);
    // Silent major incidents are watched on the same beat: their reminders are recorded once, like the SLA's.
    await incidentWatch.remindStale();
    desk.outbox.kick();
    // A self-service call cut short by a stopped instance is made again once its claim has lapsed.
    desk.selfService.kick();
    if (coordinator instanceof DatabaseRunCoordinator) await coordinator.prune(new Date(desk.ctx.now().getTime() - LEASES_KEPT_MS));
    return result;
  };
  const digest = async (runAt: Date): Promise<boolean> => {
    try {
      const report = await postManagementDigest(desk.ctx, runAt, config.jobs.digestDays);
      desk.outbox.kick();
      if (report) logger.info({ event: "digest.posted", runAt: runAt.toISOString(), tickets: report.tickets.created }, "management digest posted");
      return report !== null;
    } catch (error) {
      // Another instance recorded the same run between our check and our insert: it is theirs to send.
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  };

  const prune = async (): Promise<PruneResult> => {
    const result = await pruneRecords(guichet.store, desk.ctx.now(), guichet.retention);
    if (result.processedEvents + result.sentMessages > 0) logger.info({ event: "retention.pruned", ...result }, "old processed-event ids and delivered messages deleted");
    return result;
  };
  const readExternalDesks = async (): Promise<number> => {
    const read = await desk.externalDesks.poll();
    desk.outbox.kick();
    return read;
  };

  // In the background: planning 100 000 tickets takes seconds, and the sweeps may run meanwhile (they are idempotent).
  const ready = (async () => {
    desk.selfService.kick();
    const planned = await slaSweep.planUnscheduled();
    if (planned > 0) logger.info({ event: "sla.planned", planned }, "planned SLA deadlines of tickets that had none");
    // Only a desk that has posted digests before catches up: a first start posts nothing about the past.
    if (await guichet.store.manager.exists(NoticeRecord, { where: { kind: "digest" } })) {
      const missed = lastFireAtOrBefore(config.jobs.digest, timezone, desk.ctx.now(), config.jobs.digestDays * 24 * 60);
      if (missed) await digest(missed);
    }
    await prune();
  })().catch((error: unknown) => {
    logger.error({ event: "jobs.catch_up_failed", err: error }, "catch-up at start failed; the scheduled runs go on");
  });

  const failed = (job: string) => (error: unknown) => logger.error({ event: "job.failed", job, err: error }, `${job} failed`);
  const extraction = async (runAt: Date): Promise<boolean> => {
    try {
      const posted = await postReviewExtraction(desk.ctx, runAt);
      desk.outbox.kick();
      if (posted) logger.info({ event: "extraction.posted", runAt: runAt.toISOString(), ...posted }, "review extraction posted");
      return posted !== null;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  };

  const tasks = {
    slaSweep: schedule(config.jobs.slaSweep, () => sweep().catch(failed("sla-sweep")), {
      name: "guichet-sla-sweep", timezone, noOverlap: true, distributed: true, runCoordinator: coordinator, distributedLease: SWEEP_LEASE_MS,
    }),
    digest: schedule(config.jobs.digest, (context: TaskContext) => digest(context.date).catch(failed("digest")), {
      name: "guichet-digest", timezone, noOverlap: true, distributed: true, runCoordinator: coordinator, distributedLease: DIGEST_LEASE_MS,
    }),
    retention: schedule(RETENTION_SCHEDULE, () => prune().catch(failed("retention")), {
      name: "guichet-retention", timezone, noOverlap: true, distributed: true, runCoordinator: coordinator, distributedLease: RETENTION_LEASE_MS,
    }),
    // Not caught up after a restart, unlike the digest: an extraction of the tickets open some days ago is not what
    // a review meeting wants; the next run, or `guichet export --open-at`, gives today's.
    extraction: config.jobs.extraction
      ? schedule(config.jobs.extraction, (context: TaskContext) => extraction(context.date).catch(failed("extraction")), {
        name: "guichet-extraction", timezone, noOverlap: true, distributed: true, runCoordinator: coordinator, distributedLease: DIGEST_LEASE_MS,
      })
      : null,
    // Only when a desk is read on a schedule (GLPI, Zammad); each transferred ticket is read every `pollMinutes`.
    externalDesks: config.externalDesks.some((d) => d.connector !== "webhook")
      ? schedule(config.jobs.externalDesks, () => readExternalDesks().catch(failed("external-desks")), {
        name: "guichet-external-desks", timezone, noOverlap: true, distributed: true, runCoordinator: coordinator, distributedLease: DESK_POLL_LEASE_MS,
      })
      : null,
  };
  logger.info({ event: "jobs.started", slaSweep: config.jobs.slaSweep, digest: config.jobs.digest, timezone }, "scheduled jobs started");
  return {
    tasks,
    ready,
    sweep,
    digest,
    prune,
    extraction,
    readExternalDesks,
    async stop() {
      await ready;
      await tasks.slaSweep.destroy();
      await tasks.digest.destroy();
      await tasks.retention.destroy();
      await tasks.extraction?.destroy();
      await tasks.externalDesks?.destroy();
    },
  };
}
