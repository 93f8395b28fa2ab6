import type { EntityManager } from "typeorm";
import type { Person } from "../../store/entities/Person";
import type { Ticket } from "../../store/entities/Ticket";
import { isPleasantry, type IntakeFlow } from "../conversation/intake-flow";
import type { ChatPlace } from "../people/platform-user";
import { keptTicket } from "./requester-audience";
import { threadsOf } from "./ticket-threads";
import type { TicketService } from "./ticket-service";

/**
 * What a requester writes about their ticket (in its thread, with a Reply button, `/t N`) always reaches someone.
 * On a ticket merged into another, it goes to the kept one. On a resolved ticket it reopens it, so that the
 * agent's thread shows it and the automatic closing stops (a bare "merci !" is passed on without reopening). On a
 * closed ticket, the requester is told so and offered a new ticket linked to it.
 */
export class RequesterMessages {
  constructor(
    private readonly tickets: TicketService,
    private readonly intake: IntakeFlow,
  ) {}

  /** `named` is the ticket the message was written on; `place` where it was written, when the channel knows it. */
  async receive(manager: EntityManager, person: Person, named: Ticket, text: string, place: ChatPlace | null): Promise<void> {
    const ticket = await keptTicket(manager, named);
    if (ticket.status === "closed") {
      const where = place ?? (await this.requesterPlace(manager, named));
      if (where) await this.intake.offerFollowUp(manager, person, ticket, where, text);
      return;
    }
    // Closed meanwhile (the automatic closing, the requester's Close elsewhere): the whole message is read again.
    const current = ticket.status === "resolved" && !isPleasantry(text)
      ? await this.tickets.reopen(manager, person, named.id, { onConflict: "retry" })
      : ticket;
    await this.tickets.requesterReply(manager, person, current, text);
  }

  /** The thread of the requester's own ticket, where they are answered when the channel did not say where they wrote. */
  private async requesterPlace(manager: EntityManager, ticket: Ticket): Promise<ChatPlace | null> {
    const [thread] = await threadsOf(manager, ticket.id, "requester");
    return thread ? { platform: thread.platform, conversation: thread.conversation, thread: thread.thread } : null;
  }
}
