import { DeliveryError } from "../outbox/channel-sender";
import type { TicketEventBody, TicketSnapshot } from "./ticket-event";

/** A ticket as guichet hands it to another desk. Texts are written in the desk's default language. */
export interface OutboundTicket {
  snapshot: TicketSnapshot;
  title: string;
  /** What the other desk reads first: the requester's words, the details they gave, the agent's note, where it comes from. */
  body: string;
  /** The requester's words alone (the conversation that led to the ticket). */
  description: string;
  note: string | null;
  /** guichet's priority, which each connector maps to its own scale. */
  priority: "low" | "normal" | "high" | "critical";
}

/** A public message to add to the ticket there (the requester's words, relayed). */
export interface OutboundFollowup {
  author: string;
  text: string;
  /** `author` and `text` as one line, for systems that show follow-ups under guichet's own account. */
  body: string;
}

/** What guichet needs about the ticket there, whatever the system's own words for it. */
export type RemoteStatus = "new" | "in_progress" | "waiting" | "solved" | "closed";

/** A public message of the other desk's people (never one guichet wrote there, never a private one). */
export interface RemoteFollowup {
  /** The other system's id of the message, to pass each one on once. */
  id: string;
  author: string;
  text: string;
}

export interface RemoteTicket {
  status: RemoteStatus;
  /** The other system's own word for the status (shown on the card). */
  statusLabel: string;
  followups: RemoteFollowup[];
  /** How it was solved, when the system records a solution apart from follow-ups (GLPI). */
  solution: string | null;
}

/** One call, as a receiver can tell it apart: the same id and date on every retry, so a second copy is ignored. */
export interface CallStamp {
  eventId: string;
  /** When guichet decided the call (ISO 8601). */
  occurredAt: string;
}

/** Where a call about a ticket goes: the ticket's id there, and the ticket as guichet has it (for webhooks). */
export interface RemoteRef extends CallStamp {
  externalId: string;
  ticket: TicketSnapshot;
}

/**
 * What guichet needs from another service desk's system: one small interface, so that a new system is one file
 * under src/connectors/. Every call is one attempt (the outbox retries writes, the scheduled job reads again);
 * failures are `DeliveryError`s saying whether a retry may help, and `RemoteTicketGone` when the ticket no longer
 * exists there.
 */
export interface DeskConnector {
  /**
   * True when guichet reads the tickets there on a schedule (`readStatus`); false when the system calls guichet back
   * instead (a webhook desk, on `POST /hooks/<desk>`).
   */
  readonly polls: boolean;
  /** Creates the ticket there. */
  create(ticket: OutboundTicket, stamp: CallStamp): Promise<{ externalId: string; reference: string }>;
  addFollowup(ref: RemoteRef, followup: OutboundFollowup): Promise<void>;
  readStatus(externalId: string): Promise<RemoteTicket>;
  /** Closes the ticket there, with a public note saying why. */
  close(ref: RemoteRef, note: string): Promise<void>;
  /** For `guichet doctor`: checks the URL and credentials with a call that changes nothing; says what it found. */
  probe?(): Promise<string>;
}

/** Posts one signed event to a webhook subscriber (`webhooks` of the desk configuration). */
export type EventPoster = (webhookId: string, event: TicketEventBody) => Promise<void>;

/**
 * The ticket no longer exists in the other system (deleted there, or in its trash): the transfer ends and level 1
 * takes the ticket back. Permanent: retrying cannot bring it back.
 */
export class RemoteTicketGone extends DeliveryError {
  constructor(message: string) {
    super(message, { permanent: true });
    this.name = "RemoteTicketGone";
  }
}
