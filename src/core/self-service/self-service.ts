import { randomUUID } from "node:crypto";
import { IsNull, LessThan, type EntityManager } from "typeorm";
import type { RequestTypeConfig } from "../../config/desk-config-schema";
import { localize } from "../../config/localized-text";
import { logger } from "../../logger";
import { Person } from "../../store/entities/Person";
import { PersonIdentity } from "../../store/entities/PersonIdentity";
import { SelfServiceRun } from "../../store/entities/SelfServiceRun";
import { requestTicket } from "../catalogue/request-ticket";
import type { DeskContext } from "../desk-context";
import { DeskError } from "../desk-error";
import type { Lang } from "../knowledge/article";
import type { ActionOutcome, MessageView } from "../messages/message-view";
import { texts } from "../messages/texts";
import { enqueueOutbound } from "../outbox/outbox";
import type { ChatPlace } from "../people/platform-user";
import type { TicketService } from "../tickets/ticket-service";
import type { ActionCaller, ActionRequest, ActionResult } from "./action-caller";

/** A call cut short by restarts this many times is given up: a ticket is opened rather than calling for ever. */
const MAX_CLAIMS = 3;

/**
 * Self-service actions (004: « l'auto-remédiation … déblocage de compte, réinitialisation de mot de passe »): a
 * request type that is an action asks its fields, asks the requester to confirm, then calls the site's endpoint
 * (signed, with a timeout, tried twice when a second try may help). Success is answered at once and counted as a
 * deflection; a failure or no answer opens a ticket with the error, so that the support desk takes over.
 *
 * The confirmation is stored, and the call made after it commits, outside any transaction (a call can take seconds):
 * `kick` runs the calls due, and a run whose instance stopped mid-call is called again (same delivery id) by the
 * next kick after its claim lapsed (the SLA sweep kicks every minute).
 */
export class SelfService {
  private loop: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly ctx: DeskContext,
    private readonly tickets: TicketService,
    private readonly caller: ActionCaller | null,
    /** Delivers what a recorded outcome queued (the desk's outbox). */
    private readonly delivered: () => void,
  ) {}

  private get config() {
    return this.ctx.config;
  }

  /** The form was filled: the requester is asked to confirm, with their answers in sight. */
  async prepare(manager: EntityManager, person: Person, type: RequestTypeConfig, answers: Record<string, string>, place: ChatPlace, lang: Lang): Promise<ActionOutcome> {
    const run = await manager.save(manager.create(SelfServiceRun, {
      requestType: type.id,
      requesterId: person.id,
      lang,
      fields: answers,
      platform: place.platform,
      conversation: place.conversation,
      thread: place.thread ?? null,
      state: "confirming",
      deliveryId: randomUUID(),
      attempts: 0,
      claimedUntil: null,
      createdAt: this.ctx.now(),
    }));
    const t = texts(lang);
    const question = type.action?.confirm ? fillIn(localize(type.action.confirm, lang), answers) : t.selfService.confirmDefault;
    await this.say(manager, run, {
      kind: "notice",
      lang,
      title: localize(type.label, lang),
      text: question,
      fields: type.fields.filter((f) => answers[f.id]).map((f) => ({ label: localize(f.label, lang), value: answers[f.id] })),
      actions: [
        { action: "action.confirm", label: t.selfService.confirm, value: String(run.id), style: "primary" },
        { action: "action.cancel", label: t.selfService.cancel, value: String(run.id) },
      ],
    });
    return { kind: "done" };
  }

  /** Confirmed: the call is made once this commits (`kick`). Of two presses, one starts it. */
  async confirm(manager: EntityManager, person: Person, runId: number): Promise<ActionOutcome> {
    const run = await this.runOf(manager, person, runId);
    const t = texts(person.locale).selfService;
    if (!(await this.moveRun(manager, run.id, "confirming", { state: "calling", claimedUntil: null }))) {
      return { kind: "done", notice: (await manager.findOneByOrFail(SelfServiceRun, { id: run.id })).state === "calling" ? t.alreadyStarted : t.alreadyOver };
    }
    return { kind: "done", notice: t.started };
  }

  async cancel(manager: EntityManager, person: Person, runId: number): Promise<ActionOutcome> {
    const run = await this.runOf(manager, person, runId);
    const t = texts(person.locale).selfService;
    if (!(await this.moveRun(manager, run.id, "confirming", { state: "cancelled", finishedAt: this.ctx.now() }))) return { kind: "done", notice: t.alreadyStarted };
    return { kind: "done", notice: t.cancelled };
  }

  /** Makes the calls due, in the background; a kick during a run makes it look again when it ends. */
  kick(): void {
    if (this.loop) {
      this.again = true;
      return;
    }
    this.loop = this.callDue()
      .catch((error: unknown) => logger.error({ event: "self_service.failed", err: error }, "self-service calls failed; retried at the next kick"))
      .finally(() => {
        this.loop = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Settles when no call is under way (tests, a graceful stop). */
  async idle(): Promise<void> {
    while (this.loop) await this.loop;
  }

  private async callDue(): Promise<void> {
    for (let run = await this.claimNext(); run; run = await this.claimNext()) {
      const type = this.config.requestTypes.find((r) => r.id === run.requestType);
      let result: ActionResult;
      let calls = 0;
      if (!type?.action || !this.caller) {
        result = { ok: false, failure: "unreachable", detail: `no endpoint for ${run.requestType}`, retryable: false };
      } else if (run.attempts > MAX_CLAIMS) {
        result = { ok: false, failure: "timeout", detail: "", retryable: false };
        calls = MAX_CLAIMS;
      } else {
        const request = await this.requestOf(run);
        const timeoutMs = type.action.timeoutSeconds * 1000;
        result = await this.caller.call(request, timeoutMs);
        calls = 1;
        // One more try when it may help (no answer, no connection, a server error): the same id, so it acts once.
        if (!result.ok && result.retryable) {
          result = await this.caller.call(request, timeoutMs);
          calls = 2;
        }
      }
      await this.record(run.id, result, calls);
      this.delivered();
    }
  }

  /** Claims the oldest run waiting for its call (never claimed, or whose claim lapsed with its instance). */
  private async claimNext(): Promise<SelfServiceRun | null> {
    const now = this.ctx.now();
    const manager = this.ctx.store.manager;
    const due = await manager.find(SelfServiceRun, {
      where: [{ state: "calling", claimedUntil: IsNull() }, { state: "calling", claimedUntil: LessThan(now) }],
      order: { id: "ASC" },
      take: 10,
    });
    for (const run of due) {
      const timeout = this.config.requestTypes.find((r) => r.id === run.requestType)?.action?.timeoutSeconds ?? 10;
      // Two tries and some margin: past that, the instance that claimed it is presumed gone.
      const until = new Date(now.getTime() + (2 * timeout + 5) * 1000);
      const claimed = await manager
        .createQueryBuilder()
        .update(SelfServiceRun)
        .set({ claimedUntil: until, attempts: () => "attempts + 1" })
        .where("id = :id AND state = 'calling' AND (claimedUntil IS NULL OR claimedUntil < :now)", { id: run.id, now })
        .execute();
      if (claimed.affected === 1) return manager.findOneByOrFail(SelfServiceRun, { id: run.id });
    }
    return null;
  }

  /** The outcome, recorded once: the answer to the requester, or a ticket carrying the error. */
  private async record(runId: number, result: ActionResult, calls: number): Promise<void> {
    await this.ctx.store.transactionRetrying(async (manager) => {
      const run = await manager.findOneByOrFail(SelfServiceRun, { id: runId });
      const lang = run.lang;
      const t = texts(lang);
      const type = this.config.requestTypes.find((r) => r.id === run.requestType);
      const label = type ? localize(type.label, lang) : run.requestType;
      const error = result.ok ? null : t.selfService.failedBecause(failureText(result, type?.action?.timeoutSeconds ?? 0, calls, lang));
      const moved = await this.moveRun(manager, run.id, "calling", { state: result.ok ? "succeeded" : "failed", finishedAt: this.ctx.now(), claimedUntil: null, error });
      if (!moved) return;
      logger.info({ event: "self_service.outcome", run: run.id, action: run.requestType, ok: result.ok, ...(result.ok ? {} : { failure: result.failure, status: result.status }) });
      if (result.ok) {
        await this.say(manager, run, { kind: "notice", lang, title: `✅ ${label}`, text: result.message ? localize(result.message, lang) : t.selfService.doneDefault });
        return;
      }
      await this.say(manager, run, { kind: "notice", lang, title: label, text: t.selfService.failed });
      const requester = await manager.findOneByOrFail(Person, { id: run.requesterId });
      if (!type) return;
      const ticket = await this.tickets.create(manager, requestTicket(this.config, requester, type, run.fields, placeOf(run), lang, [error as string]));
      await manager.update(SelfServiceRun, { id: run.id }, { ticketId: ticket.id });
    });
  }

  /** What the endpoint is sent: the run's id (the same on every try), the requester, the answers. */
  private async requestOf(run: SelfServiceRun): Promise<ActionRequest> {
    const manager = this.ctx.store.manager;
    const person = await manager.findOneByOrFail(Person, { id: run.requesterId });
    const identity = await manager.findOne(PersonIdentity, { where: { personId: person.id, platform: run.platform }, order: { id: "ASC" } });
    return {
      id: run.deliveryId,
      action: run.requestType,
      lang: run.lang,
      requester: {
        name: person.displayName,
        email: person.email,
        platform: run.platform,
        platformId: identity?.externalId ?? null,
        profile: person.profile,
        site: person.site,
      },
      fields: run.fields,
    };
  }

  private async runOf(manager: EntityManager, person: Person, runId: number): Promise<SelfServiceRun> {
    const t = texts(person.locale);
    const run = Number.isInteger(runId) ? await manager.findOneBy(SelfServiceRun, { id: runId }) : null;
    if (!run) throw new DeskError("not_found", t.badOption);
    if (run.requesterId !== person.id) throw new DeskError("not_allowed", t.selfService.notYours);
    return run;
  }

  /** A conditional move of a run's state: of two presses, two instances, only one moves it. */
  private async moveRun(manager: EntityManager, id: number, from: SelfServiceRun["state"], changes: Partial<SelfServiceRun>): Promise<boolean> {
    const result = await manager.createQueryBuilder().update(SelfServiceRun).set(changes).where("id = :id AND state = :from", { id, from }).execute();
    return result.affected === 1;
  }

  private async say(manager: EntityManager, run: SelfServiceRun, view: MessageView): Promise<void> {
    await enqueueOutbound(manager, [{ platform: run.platform, conversation: run.conversation, thread: run.thread, view }]);
  }
}

function placeOf(run: SelfServiceRun): ChatPlace {
  return { platform: run.platform, conversation: run.conversation, thread: run.thread };
}

/** A text of the configuration with `{field}` replaced by the answers. */
function fillIn(template: string, answers: Record<string, string>): string {
  return template.replace(/\{([a-z0-9][a-z0-9_-]*)\}/g, (_, name: string) => answers[name] ?? "");
}

/** Why the call failed, in words the ticket shows to level 1, with what the endpoint said. */
function failureText(result: Extract<ActionResult, { ok: false }>, timeoutSeconds: number, calls: number, lang: Lang): string {
  const t = texts(lang).selfService;
  const said = result.detail.trim() ? ` — ${result.detail.trim()}` : "";
  switch (result.failure) {
    case "timeout":
      return t.timeout(timeoutSeconds, calls);
    case "unreachable":
      return t.unreachable(result.detail);
    case "refused":
      return `${t.refused(result.status ?? 0)}${said}`;
    case "declined":
      return `${t.declined}${said}`;
  }
}
