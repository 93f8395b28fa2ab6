import type { EntityManager } from "typeorm";
import type { DeskConfig } from "../../config/desk-config-schema";
import type { Person } from "../../store/entities/Person";
import { Ticket } from "../../store/entities/Ticket";
import { mayWorkAsLevel1 } from "../assignment/level1-rights";
import { DeskError } from "../desk-error";
import { texts } from "../messages/texts";
import { isOpen } from "./ticket-lifecycle";
import type { TicketService } from "./ticket-service";

/**
 * The blocking tag (seed 000: « suivi des anciens tickets, notamment des tickets bloquants »): level 1 marks from the
 * card a ticket that holds someone's work up, and the review-meeting extraction shows it. Setting it is level 1's
 * work; every change is written to the audit log.
 */
export class BlockingTag {
  constructor(
    private readonly config: DeskConfig,
    private readonly tickets: TicketService,
  ) {}

  /** Tags (`blocking` true) or untags the ticket; a press that finds it already so changes and logs nothing. */
  async set(manager: EntityManager, person: Person, id: number, blocking: boolean): Promise<Ticket> {
    const t = texts(person.locale);
    const ticket = await this.tickets.load(manager, id, person.locale);
    if (!mayWorkAsLevel1(this.config, person, ticket)) throw new DeskError("not_allowed", t.notAllowed(t.markBlocking));
    if (blocking && !isOpen(ticket.status)) throw new DeskError("invalid_transition", t.invalidTransition(t.status[ticket.status]));
    // Conditional on the value read: of two agents pressing at once, or a press on a card not yet redrawn, one changes it.
    const result = await manager
      .createQueryBuilder()
      .update(Ticket)
      .set({ blocking })
      .where("id = :id AND blocking = :was", { id, was: !blocking })
      .execute();
    if (result.affected !== 1) return ticket;
    await this.tickets.audit(manager, id, person.id, blocking ? "blocking_set" : "blocking_cleared", null, null, null);
    const changed = await this.tickets.load(manager, id, person.locale);
    await this.tickets.refreshCard(manager, changed);
    return changed;
  }
}
