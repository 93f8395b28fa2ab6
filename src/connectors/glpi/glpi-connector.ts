import type { ExternalDeskConfig } from "../../config/desk-config-schema";
import {
  RemoteTicketGone,
  type DeskConnector,
  type OutboundFollowup,
  type OutboundTicket,
  type RemoteFollowup,
  type RemoteRef,
  type RemoteStatus,
  type RemoteTicket,
} from "../../core/external-desks/desk-connector";
import { DeliveryError } from "../../core/outbox/channel-sender";
import { httpCall, httpFailure, joinUrl, type HttpAnswer } from "../http-call";
import { htmlToText, textToHtml } from "../plain-text";

export interface GlpiSettings {
  /** GLPI's REST API, e.g. https://glpi.example.org/apirest.php. */
  url: string;
  userToken: string;
  appToken: string | null;
  timeoutMs: number;
}

/** GLPI's ticket statuses (CommonITILObject): 1 new, 2 assigned, 3 planned, 4 pending, 5 solved, 6 closed. */
const STATUSES: Record<number, { status: RemoteStatus; label: string }> = {
  1: { status: "new", label: "New" },
  2: { status: "in_progress", label: "Processing (assigned)" },
  3: { status: "in_progress", label: "Processing (planned)" },
  4: { status: "waiting", label: "Pending" },
  5: { status: "solved", label: "Solved" },
  6: { status: "closed", label: "Closed" },
};
const CLOSED = 6;

/** guichet's priority as GLPI's urgency and impact (1 very low … 5 very high), from which GLPI computes its own. */
const URGENCY = { low: 2, normal: 3, high: 4, critical: 5 } as const;

/** ITILSolution.status: 4 is a solution the requester refused. */
const SOLUTION_REFUSED = 4;

/**
 * GLPI through its REST API (apirest.php): each operation opens a session with the API user's token (and the API
 * client's App-Token), makes its calls with the Session-Token, and kills the session. Tickets are created with the
 * requester's email as an alternative notification address, guichet's priority as urgency and impact, and the
 * category mapped by the desk configuration; follow-ups are ITILFollowups, a solution is the latest ITILSolution.
 */
export class GlpiConnector implements DeskConnector {
  readonly polls = true;

  constructor(
    private readonly settings: GlpiSettings,
    private readonly desk: Pick<ExternalDeskConfig, "glpi">,
  ) {}

  async create(ticket: OutboundTicket): Promise<{ externalId: string; reference: string }> {
    const email = ticket.snapshot.requester.email;
    const input: Record<string, unknown> = {
      name: ticket.title,
      content: textToHtml(ticket.body),
      type: ticket.snapshot.kind === "request" ? 2 : 1,
      urgency: URGENCY[ticket.priority],
      impact: URGENCY[ticket.priority],
      ...(this.desk.glpi?.categories[ticket.snapshot.category] ? { itilcategories_id: this.desk.glpi.categories[ticket.snapshot.category] } : {}),
      ...(this.desk.glpi?.entity !== undefined ? { entities_id: this.desk.glpi.entity } : {}),
      // The requester usually has no GLPI account: GLPI writes to their address (an anonymous requester with an email).
      ...(email ? { _users_id_requester: 0, _users_id_requester_notif: { use_notification: 1, alternative_email: [email] } } : {}),
    };
    const answer = await this.inSession((call) => call("POST", "Ticket/", { input }));
    const id = (answer.body as { id?: unknown } | null)?.id;
    if (answer.status !== 201 || typeof id !== "number" || id <= 0) throw this.failure(answer, "creating the ticket");
    return { externalId: String(id), reference: String(id) };
  }

  async addFollowup(ref: RemoteRef, followup: OutboundFollowup): Promise<void> {
    await this.inSession((call) => this.postFollowup(call, ref.externalId, followup.body));
  }

  async readStatus(externalId: string): Promise<RemoteTicket> {
    return this.inSession(async (call) => {
      const ticket = await call("GET", `Ticket/${externalId}?expand_dropdowns=true`);
      if (ticket.status === 404) throw new RemoteTicketGone(`GLPI has no ticket ${externalId}`);
      if (ticket.status !== 200) throw this.failure(ticket, "reading the ticket");
      const fields = ticket.body as { status?: number; is_deleted?: number; users_id_recipient?: unknown };
      if (fields.is_deleted === 1) throw new RemoteTicketGone(`GLPI ticket ${externalId} is in the trash`);
      const known = STATUSES[fields.status ?? 0] ?? { status: "in_progress" as const, label: String(fields.status) };
      const followups = await this.list(call, `Ticket/${externalId}/ITILFollowup?expand_dropdowns=true`);
      // guichet's own follow-ups are written by the API user, who created the ticket (users_id_recipient).
      const theirs: RemoteFollowup[] = followups
        .filter((f) => Number(f.is_private) !== 1 && f.users_id !== fields.users_id_recipient)
        .map((f) => ({ id: String(f.id), author: String(f.users_id ?? "GLPI"), text: htmlToText(String(f.content ?? "")) }));
      let solution: string | null = null;
      if (known.status === "solved" || known.status === "closed") {
        const solutions = (await this.list(call, `Ticket/${externalId}/ITILSolution`)).filter((s) => Number(s.status) !== SOLUTION_REFUSED);
        const latest = solutions.sort((a, b) => Number(a.id) - Number(b.id)).pop();
        solution = latest ? htmlToText(String(latest.content ?? "")) : null;
      }
      return { status: known.status, statusLabel: known.label, followups: theirs, solution };
    });
  }

  async close(ref: RemoteRef, note: string): Promise<void> {
    await this.inSession(async (call) => {
      await this.postFollowup(call, ref.externalId, note);
      const answer = await call("PUT", `Ticket/${ref.externalId}`, { input: { status: CLOSED } });
      if (answer.status === 404) throw new RemoteTicketGone(`GLPI has no ticket ${ref.externalId}`);
      if (answer.status !== 200) throw this.failure(answer, "closing the ticket");
    });
  }

  async probe(): Promise<string> {
    await this.inSession(async () => undefined);
    return "GLPI accepts the tokens (a session opened and killed)";
  }

  private async postFollowup(call: GlpiCall, externalId: string, text: string): Promise<void> {
    const answer = await call("POST", `Ticket/${externalId}/ITILFollowup`, {
      input: { itemtype: "Ticket", items_id: Number(externalId), content: textToHtml(text), is_private: 0 },
    });
    if (answer.status === 404) throw new RemoteTicketGone(`GLPI has no ticket ${externalId}`);
    if (answer.status !== 201) throw this.failure(answer, "adding a follow-up");
  }

  private async list(call: GlpiCall, path: string): Promise<Array<Record<string, unknown>>> {
    const answer = await call("GET", path);
    if (answer.status === 404) throw new RemoteTicketGone(`GLPI: ${path.split("?")[0]} not found`);
    if (answer.status !== 200 && answer.status !== 206) throw this.failure(answer, `reading ${path.split("?")[0]}`);
    return Array.isArray(answer.body) ? (answer.body as Array<Record<string, unknown>>) : [];
  }

  /** Opens a session, runs `work` with it, and kills it whatever happened (a failed kill only expires later). */
  private async inSession<T>(work: (call: GlpiCall) => Promise<T>): Promise<T> {
    const opened = await httpCall("GLPI", {
      method: "GET",
      url: joinUrl(this.settings.url, "initSession"),
      headers: { ...this.appToken(), authorization: `user_token ${this.settings.userToken}` },
      timeoutMs: this.settings.timeoutMs,
    });
    const token = (opened.body as { session_token?: unknown } | null)?.session_token;
    if (opened.status !== 200 || typeof token !== "string") throw this.failure(opened, "opening a session");
    const call: GlpiCall = (method, path, body) => httpCall("GLPI", {
      method, url: joinUrl(this.settings.url, path), headers: { ...this.appToken(), "session-token": token }, body, timeoutMs: this.settings.timeoutMs,
    });
    try {
      return await work(call);
    } finally {
      await call("GET", "killSession").catch(() => undefined);
    }
  }

  private appToken(): Record<string, string> {
    return this.settings.appToken ? { "app-token": this.settings.appToken } : {};
  }

  /** GLPI's errors are `["ERROR_CODE", "message"]`: the code says what went wrong (ERROR_GLPI_LOGIN_USER_TOKEN…). */
  private failure(answer: HttpAnswer, doing: string): DeliveryError {
    const code = Array.isArray(answer.body) && typeof answer.body[0] === "string" ? answer.body[0] : "";
    return httpFailure("GLPI", answer, `${code ? `${code} ` : ""}(${doing})`);
  }
}

type GlpiCall = (method: "GET" | "POST" | "PUT", path: string, body?: unknown) => Promise<HttpAnswer>;
