import type { ExternalDeskConfig } from "../../config/desk-config-schema";
import {
  RemoteTicketGone,
  type DeskConnector,
  type OutboundFollowup,
  type OutboundTicket,
  type RemoteRef,
  type RemoteStatus,
  type RemoteTicket,
} from "../../core/external-desks/desk-connector";
import { DeliveryError } from "../../core/outbox/channel-sender";
import { httpCall, httpFailure, joinUrl, type HttpAnswer } from "../http-call";
import { htmlToText } from "../plain-text";

export interface ZammadSettings {
  /** Zammad's address, e.g. https://zammad.example.org. */
  url: string;
  /** An access token with the ticket.agent permission. */
  token: string;
  timeoutMs: number;
}

/** Zammad's default ticket states (its names, `GET /api/v1/ticket_states`); others count as in progress. */
const STATES: Record<string, RemoteStatus> = {
  new: "new",
  open: "in_progress",
  "pending reminder": "waiting",
  "pending close": "waiting",
  closed: "closed",
  merged: "closed",
};

/** guichet's priority as Zammad's default priorities (names, which the API turns into ids). */
const PRIORITIES = { low: "1 low", normal: "2 normal", high: "3 high", critical: "3 high" } as const;

/**
 * Zammad through its REST API (`/api/v1`, `Authorization: Token token=…`): the ticket is created in the configured
 * group for the requester as customer (`guess:<email>` creates them if needed), with their words as its first
 * article; the requester's replies are public notes from the customer; the desk's public articles from agents are
 * passed on to the requester; closing sets the state `closed` with a public note.
 */
export class ZammadConnector implements DeskConnector {
  readonly polls = true;

  constructor(
    private readonly settings: ZammadSettings,
    private readonly desk: Pick<ExternalDeskConfig, "zammad">,
  ) {}

  async create(ticket: OutboundTicket): Promise<{ externalId: string; reference: string }> {
    const email = ticket.snapshot.requester.email ?? this.desk.zammad?.customer;
    if (!email) {
      throw new DeliveryError("Zammad needs the requester's email (people[].email), or zammad.customer in the desk configuration", { permanent: true });
    }
    const answer = await this.call("POST", "api/v1/tickets", {
      title: ticket.title,
      group: this.desk.zammad?.group,
      customer_id: `guess:${email}`,
      priority: PRIORITIES[ticket.priority],
      article: { subject: ticket.title, body: ticket.body, content_type: "text/plain", type: "note", internal: false },
    });
    const created = answer.body as { id?: unknown; number?: unknown } | null;
    if (answer.status !== 201 || typeof created?.id !== "number") throw this.failure(answer, "creating the ticket");
    return { externalId: String(created.id), reference: String(created.number ?? created.id) };
  }

  async addFollowup(ref: RemoteRef, followup: OutboundFollowup): Promise<void> {
    const answer = await this.call("POST", "api/v1/ticket_articles", {
      ticket_id: Number(ref.externalId), body: followup.body, content_type: "text/plain", type: "note", internal: false, sender: "Customer",
    });
    if (answer.status === 404) throw new RemoteTicketGone(`Zammad has no ticket ${ref.externalId}`);
    if (answer.status !== 201) throw this.failure(answer, "adding an article");
  }

  async readStatus(externalId: string): Promise<RemoteTicket> {
    const ticket = await this.call("GET", `api/v1/tickets/${externalId}?expand=true`);
    if (ticket.status === 404) throw new RemoteTicketGone(`Zammad has no ticket ${externalId}`);
    if (ticket.status !== 200) throw this.failure(ticket, "reading the ticket");
    const state = String((ticket.body as { state?: unknown }).state ?? "");
    if (state === "removed") throw new RemoteTicketGone(`Zammad ticket ${externalId} was removed`);
    const articles = await this.call("GET", `api/v1/ticket_articles/by_ticket/${externalId}?expand=true`);
    if (articles.status === 404) throw new RemoteTicketGone(`Zammad has no ticket ${externalId}`);
    if (articles.status !== 200) throw this.failure(articles, "reading the articles");
    const list = Array.isArray(articles.body) ? (articles.body as Array<Record<string, unknown>>) : [];
    // Agents' public articles are for the requester; the customer's are guichet's own, relayed from chat.
    const followups = list
      .filter((a) => a.internal !== true && (a.sender === "Agent" || (a.sender === undefined && a.sender_id === 1)))
      .map((a) => ({
        id: String(a.id),
        author: String(a.from ?? "Zammad"),
        text: a.content_type === "text/plain" ? String(a.body ?? "").trim() : htmlToText(String(a.body ?? "")),
      }));
    return { status: STATES[state] ?? "in_progress", statusLabel: state, followups, solution: null };
  }

  async close(ref: RemoteRef, note: string): Promise<void> {
    const answer = await this.call("PUT", `api/v1/tickets/${ref.externalId}`, {
      state: "closed",
      article: { body: note, content_type: "text/plain", type: "note", internal: false },
    });
    if (answer.status === 404) throw new RemoteTicketGone(`Zammad has no ticket ${ref.externalId}`);
    if (answer.status !== 200) throw this.failure(answer, "closing the ticket");
  }

  async probe(): Promise<string> {
    const me = await this.call("GET", "api/v1/users/me");
    if (me.status !== 200) throw this.failure(me, "reading the token's user");
    return `Zammad accepts the token (user ${String((me.body as { login?: unknown }).login ?? "?")})`;
  }

  private call(method: "GET" | "POST" | "PUT", path: string, body?: unknown): Promise<HttpAnswer> {
    return httpCall("Zammad", {
      method, url: joinUrl(this.settings.url, path), headers: { authorization: `Token token=${this.settings.token}` }, body, timeoutMs: this.settings.timeoutMs,
    });
  }

  /** Zammad's errors are `{ "error": …, "error_human": … }`. */
  private failure(answer: HttpAnswer, doing: string): DeliveryError {
    const body = answer.body as { error?: unknown; error_human?: unknown } | null;
    const said = typeof body?.error_human === "string" ? body.error_human : typeof body?.error === "string" ? body.error : "";
    return httpFailure("Zammad", answer, `${said ? `${said} ` : ""}(${doing})`);
  }
}
