import type { EntityManager } from "typeorm";
import type { RequestTypeConfig } from "../../config/desk-config-schema";
import { localize } from "../../config/localized-text";
import type { Person } from "../../store/entities/Person";
import type { DeskContext } from "../desk-context";
import { DeskError } from "../desk-error";
import type { Lang } from "../knowledge/article";
import type { ActionOutcome, FormView, MessageView } from "../messages/message-view";
import { texts } from "../messages/texts";
import type { ChatPlace } from "../people/platform-user";
import type { SelfService } from "../self-service/self-service";
import type { TicketService } from "../tickets/ticket-service";
import type { Workflows } from "../workflows/workflows";
import { requestTicket } from "./request-ticket";
import { catalogueView, deskToday, findRequestType, offeredTo, requestForm, validateForm } from "./service-catalogue";

/**
 * The service catalogue as people use it: the services offered to their profile (004: « à partir du statut du
 * demandeur, présentation d'une liste de services adaptée »), each one's form, and what its answers become: a ticket
 * (approved first if it says so), a workflow request with its steps, or a self-service action to confirm.
 */
export class CatalogueRequests {
  constructor(
    private readonly ctx: DeskContext,
    private readonly tickets: TicketService,
    private readonly workflows: Workflows,
    private readonly selfService: SelfService,
  ) {}

  /** The catalogue as this person sees it. */
  view(person: Person, lang: Lang): MessageView {
    return catalogueView(this.ctx.config, lang, person.profile);
  }

  /** The form of a request type offered to this person; a refusal names why it is not. */
  form(person: Person, typeId: string, lang: Lang): FormView {
    return requestForm(this.offered(person, typeId), lang, this.today());
  }

  /** The answers to a request type's form: checked again here, whatever the channel checked. */
  async submit(manager: EntityManager, person: Person, typeId: string, values: Record<string, unknown>, place: ChatPlace): Promise<ActionOutcome> {
    const type = this.offered(person, typeId);
    const lang = person.locale;
    const checked = validateForm(requestForm(type, lang, this.today()).fields, values, lang);
    if (!checked.ok) return { kind: "invalid", errors: checked.errors };
    if (type.action) return this.selfService.prepare(manager, person, type, checked.values, place, lang);
    const ticket = requestTicket(this.ctx.config, person, type, checked.values, place, lang);
    if (type.workflow) await this.workflows.open(manager, type, ticket);
    else await this.tickets.create(manager, ticket);
    return { kind: "done" };
  }

  private offered(person: Person, typeId: string): RequestTypeConfig {
    const t = texts(person.locale);
    const type = findRequestType(this.ctx.config, typeId);
    if (!type) throw new DeskError("not_found", t.badOption);
    if (!offeredTo(type, person.profile)) {
      const profile = this.ctx.config.profiles.find((p) => p.id === person.profile);
      throw new DeskError("not_allowed", t.notForYourProfile(profile ? localize(profile.label, person.locale) : String(person.profile)));
    }
    return type;
  }

  /** The desk's date, for forms whose dates must not be in the past. */
  private today(): string {
    return deskToday(this.ctx.now(), this.ctx.config.calendar.timezone);
  }
}
