import type { Ticket } from "../../store/entities/Ticket";
import type { DeskContext } from "../desk-context";
import type { Lang } from "../knowledge/article";
import { texts } from "../messages/texts";
import { categoryLabel } from "../routing/category-labels";
import { closureWithin } from "./closures";
import { formatDay, formatDue, workingLateness } from "./date-words";
import { promisedDate, samePromise, type PromisedDate } from "./promised-date";

/** Why the promised date may move: experts called in, a new priority or category, a reopened ticket. */
export type PromiseChange = "experts" | "priority" | "category" | "reopened";

/**
 * What the requester is told about when to expect an answer, in their language: the promised date of the ticket
 * (one function, `promisedDate`), and when it moves, the new date and why in one sentence, never "longer" when it
 * is not.
 */
export class RequesterPromises {
  constructor(private readonly ctx: Pick<DeskContext, "config" | "calendar" | "now">) {}

  of(ticket: Ticket): PromisedDate {
    return promisedDate(this.ctx.config, this.ctx.calendar, ticket, this.ctx.now());
  }

  /**
   * The promise as one sentence (for the receipt, a claim, a new owner); when a closure of the service falls before
   * the date, it says so: the date is what results (000: « en période de fermeture … ces délais peuvent être allongés »).
   */
  sentence(ticket: Ticket, lang: Lang = ticket.lang): string {
    const promise = this.of(ticket);
    const clause = this.clause(promise, lang);
    if (clause === null) return "";
    if (promise.state === "due") {
      const closure = closureWithin(this.ctx.calendar, this.ctx.now(), promise.at);
      if (closure) {
        return texts(lang).closedFromTo(formatDay(this.ctx.config, closure.from, lang), formatDay(this.ctx.config, closure.to, lang), clause);
      }
    }
    return `${capitalise(clause)}.`;
  }

  /**
   * The one sentence that tells the requester a change and the date that follows from it, given the promise before
   * the change; null when a new priority or category leaves the date where it was (nothing to tell).
   */
  change(before: PromisedDate, ticket: Ticket, why: PromiseChange, lang: Lang = ticket.lang): string | null {
    const t = texts(lang);
    const after = this.of(ticket);
    const clause = this.clause(after, lang) ?? t.promiseWaitsForYou;
    const same = samePromise(before, after);
    const later = "at" in before && "at" in after && after.at.getTime() > before.at.getTime();
    switch (why) {
      case "experts":
        if (same) return t.expertsSame(clause);
        return later ? t.expertsLater(clause) : t.expertsOther(clause);
      case "priority":
        return same ? null : t.priorityMoved(t.priority[ticket.priority], later, clause);
      case "category":
        return same ? null : t.categoryMoved(categoryLabel(this.ctx.config, ticket.category, lang), later, clause);
      case "reopened":
        return t.reopened(ticket.id, clause);
    }
  }

  private clause(promise: PromisedDate, lang: Lang): string | null {
    const t = texts(lang);
    switch (promise.state) {
      case "due": {
        const due = formatDue(this.ctx.config, promise.at, lang);
        return promise.metric === "first_answer" ? t.promiseAnswer(due) : t.promiseSolution(due);
      }
      case "overdue":
        return t.promiseLate(workingLateness(promise.lateMs, lang));
      case "paused":
        return promise.reason === "approval" ? t.promiseWaitsForApproval : t.promiseWaitsForYou;
      case "none":
        return null;
    }
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
