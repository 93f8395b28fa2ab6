import { In, type EntityManager } from "typeorm";
import { ConversationMessage } from "../../store/entities/ConversationMessage";
import { Person } from "../../store/entities/Person";
import { Ticket } from "../../store/entities/Ticket";
import { TicketEvent } from "../../store/entities/TicketEvent";
import { validateForm } from "../catalogue/service-catalogue";
import type { DeskContext } from "../desk-context";
import { DeskError } from "../desk-error";
import type { ActionOutcome, FormView } from "../messages/message-view";
import { texts } from "../messages/texts";
import { canAnswerForGroup } from "../permissions";
import { addThread, expertPlaces, postToThreads } from "../tickets/ticket-threads";
import type { TicketService } from "../tickets/ticket-service";
import { currentLevelThree, groupLabel, handOnForm, levelThreePost, levelThreeTargets, mayHandOn, type LevelTwoContext } from "./level-three-views";

/**
 * Level 3 (seed 002: « il peut transférer la question à un assistant de niveau 3, spécialiste de la question
 * abordée »): an expert of the level-2 group hands an escalated ticket on to a specialists' group its configuration
 * names (`escalatesTo`), with a note. The specialists answer in their own channel's thread; their answers go to
 * level 1 (the triage thread, where the owner may forward them) and to level 2's thread, never to the requester, who
 * is told once that specialists have it and that it may take longer.
 */
export class LevelThree {
  constructor(
    private readonly ctx: DeskContext,
    private readonly tickets: TicketService,
  ) {}

  /** The Hand on form, for an expert of the ticket's level-2 group only. */
  async form(manager: EntityManager, person: Person, id: number): Promise<FormView> {
    return handOnForm(this.ctx.config, await this.handable(manager, person, id), person.locale);
  }

  /**
   * Hands the ticket on. A second submission for the same group (a double click, two forms open) changes nothing and
   * says so: the conditional update lets one of them through, whichever commits first.
   */
  async handOn(manager: EntityManager, person: Person, id: number, values: Record<string, unknown>): Promise<ActionOutcome> {
    const t = texts(person.locale);
    const ticket = await this.handable(manager, person, id);
    const targets = levelThreeTargets(this.ctx.config, ticket);
    const checked = validateForm(handOnForm(this.ctx.config, ticket, person.locale).fields, values, person.locale);
    if (!checked.ok) return { kind: "invalid", errors: checked.errors };
    const group = checked.values.group ?? targets[0];
    if (!targets.includes(group)) throw new DeskError("invalid_input", t.badOption);
    const label = groupLabel(this.ctx.config, group, person.locale);
    const now = this.ctx.now();
    const result = await manager
      .createQueryBuilder()
      .update(Ticket)
      .set({ level: 3, levelThreeGroup: group, levelThreeAt: now })
      .where("id = :id AND status = :status AND expertGroup = :from AND (levelThreeGroup IS NULL OR levelThreeGroup <> :group OR level <> 3)", {
        id, status: "escalated", from: ticket.expertGroup, group,
      })
      .execute();
    if (result.affected !== 1) {
      const current = await this.tickets.load(manager, id, person.locale);
      if (currentLevelThree(current) === group) return { kind: "done", notice: t.levelThree.already(id, label) };
      throw new DeskError("invalid_transition", t.levelThree.notAtLevelTwo(id));
    }
    const note = checked.values.note;
    await this.tickets.audit(manager, id, person.id, "hand_on", ticket.status, ticket.status, { from: ticket.expertGroup, group, note });
    const moved = await this.tickets.afterChange(manager, id, "hand_on", person.locale);
    await this.postToSpecialists(manager, moved, person, group, note);
    await this.tellLevelsOneAndTwo(manager, moved, person, group, note);
    // Once per ticket, whatever the number of hand-ons: the outbox keeps one message per key.
    await this.tickets.tellRequester(manager, moved, (to) => ({
      kind: "notice",
      lang: to.lang,
      ticketId: to.ticketId,
      text: texts(to.lang).levelThree.requesterTold(to.ticketId, this.tickets.promises.sentence(moved, to.lang)),
    }), `level3-told:${moved.id}`);
    return { kind: "done", notice: t.levelThree.handedOn(id, label) };
  }

  /**
   * An expert wrote in an experts' thread of the ticket. Level 1 reads it in triage (`TicketService.expertMessage`);
   * while specialists have the ticket, levels 2 and 3 also read each other, in their own threads.
   */
  async expertWrote(manager: EntityManager, expert: Person, ticket: Ticket, group: string, text: string): Promise<void> {
    await this.tickets.expertMessage(manager, expert, ticket, group, text);
    const levelThree = currentLevelThree(ticket);
    if (levelThree === null || ticket.expertGroup === null || ticket.expertGroup === levelThree) return;
    const other = group === levelThree ? ticket.expertGroup : group === ticket.expertGroup ? levelThree : null;
    if (other === null) return;
    const lang = this.ctx.config.desk.defaultLocale;
    await postToThreads(manager, ticket, "expert", {
      kind: "relay",
      lang,
      ticketId: ticket.id,
      quote: { author: texts(lang).expertWrote(expert.displayName, groupLabel(this.ctx.config, group, lang)), text },
    }, { expertGroup: other });
  }

  /**
   * The group an expert writes for when they name the ticket rather than write in its thread (the console, a Teams
   * chat): the specialists' group when they belong to it and not to level 2's.
   */
  writingGroup(person: Person, ticket: Ticket): string {
    const levelThree = currentLevelThree(ticket);
    const levelTwo = ticket.expertGroup ?? "";
    if (levelThree && canAnswerForGroup(person, levelThree) && !canAnswerForGroup(person, levelTwo)) return levelThree;
    return levelTwo;
  }

  /** The ticket, if `person` may hand it on now: an expert of its level-2 group, while it is escalated there. */
  private async handable(manager: EntityManager, person: Person, id: number): Promise<Ticket> {
    const t = texts(person.locale);
    const ticket = await this.tickets.load(manager, id, person.locale);
    if (!mayHandOn(person, ticket)) throw new DeskError("not_allowed", t.levelThree.onlyLevelTwo(id));
    if (ticket.status !== "escalated") throw new DeskError("invalid_transition", t.levelThree.notAtLevelTwo(id));
    if (levelThreeTargets(this.ctx.config, ticket).length === 0) {
      throw new DeskError("invalid_input", t.levelThree.noSpecialists(groupLabel(this.ctx.config, ticket.expertGroup ?? "", person.locale)));
    }
    return ticket;
  }

  /** The specialists' post, in their channel on each platform, with what levels 1 and 2 know. */
  private async postToSpecialists(manager: EntityManager, ticket: Ticket, expert: Person, group: string, note: string): Promise<void> {
    for (const place of expertPlaces(this.ctx.config, group, this.ctx.platforms())) await addThread(manager, ticket.id, "expert", place, group);
    const ids = [ticket.requesterId, ...(ticket.assigneeId !== null ? [ticket.assigneeId] : [])];
    const people = await manager.find(Person, { where: { id: In(ids) } });
    const name = (id: number | null) => people.find((p) => p.id === id)?.displayName ?? null;
    const names = { requester: name(ticket.requesterId) ?? "?", assignee: name(ticket.assigneeId) };
    const context: LevelTwoContext = {
      expert: expert.displayName,
      levelTwoGroup: ticket.expertGroup ?? "",
      note,
      levelOneNote: await this.escalationNote(manager, ticket.id),
      answers: await this.expertAnswers(manager, ticket.id),
    };
    const lang = this.ctx.config.desk.defaultLocale;
    const post = levelThreePost(this.ctx.config, ticket, names, context, this.tickets.milestonesOf(ticket, names, lang, false));
    await postToThreads(manager, ticket, "expert", post, { expertGroup: group, dedupeKey: `level3:${ticket.id}:${ticket.levelThreeAt?.getTime()}` });
  }

  /** Level 1 (the triage thread, where the owner reads) and level 2's thread learn who has the ticket now, and why. */
  private async tellLevelsOneAndTwo(manager: EntityManager, ticket: Ticket, expert: Person, group: string, note: string): Promise<void> {
    const lang = this.ctx.config.desk.defaultLocale;
    const t = texts(lang);
    const view = {
      kind: "relay" as const,
      lang,
      ticketId: ticket.id,
      text: t.levelThree.handedOnBy(expert.displayName, groupLabel(this.ctx.config, group, lang)),
      quote: { author: expert.displayName, text: note },
    };
    await postToThreads(manager, ticket, "triage", view);
    await postToThreads(manager, ticket, "expert", view, { expertGroup: ticket.expertGroup ?? "" });
  }

  private async escalationNote(manager: EntityManager, ticketId: number): Promise<string> {
    const event = await manager.findOne(TicketEvent, { where: { ticketId, type: "escalate" }, order: { id: "DESC" } });
    return typeof event?.data?.note === "string" ? event.data.note : "";
  }

  /** The experts' answers so far, oldest first, with their authors' names. */
  private async expertAnswers(manager: EntityManager, ticketId: number): Promise<Array<{ author: string; text: string }>> {
    const messages = await manager.find(ConversationMessage, { where: { ticketId, visibility: "expert" }, order: { id: "ASC" } });
    const authors = await manager.find(Person, { where: { id: In([...new Set(messages.map((m) => m.authorId))]) } });
    return messages.map((m) => ({ author: authors.find((p) => p.id === m.authorId)?.displayName ?? "?", text: m.text }));
  }
}
