import { Conversation } from "./Conversation";
import { ExternalTransfer } from "./ExternalTransfer";
import { ConversationMessage } from "./ConversationMessage";
import { InboundEvent } from "./InboundEvent";
import { HeldNotification } from "./HeldNotification";
import { JobLease } from "./JobLease";
import { KnowledgeUsage } from "./KnowledgeUsage";
import { MajorIncident } from "./MajorIncident";
import { MajorIncidentLink } from "./MajorIncidentLink";
import { NoticeRecord } from "./NoticeRecord";
import { NotificationPreference } from "./NotificationPreference";
import { OutboxMessage } from "./OutboxMessage";
import { Person } from "./Person";
import { PersonIdentity } from "./PersonIdentity";
import { ProcessedEvent } from "./ProcessedEvent";
import { RegisteredPlace } from "./RegisteredPlace";
import { PublishedFile } from "./PublishedFile";
import { TeamsConversationReference } from "./TeamsConversationReference";
import { Ticket } from "./Ticket";
import { TicketEvent } from "./TicketEvent";
import { TicketMute } from "./TicketMute";
import { SelfServiceRun } from "./SelfServiceRun";
import { TicketThread } from "./TicketThread";
import { WorkflowStep } from "./WorkflowStep";

export {
  Conversation, ConversationMessage, KnowledgeUsage, OutboxMessage, Person, PersonIdentity, ProcessedEvent, Ticket,
  TicketEvent, TicketThread,
};
export { TeamsConversationReference };
export { ExternalTransfer, InboundEvent, JobLease, MajorIncident, MajorIncidentLink, NoticeRecord };
export { RegisteredPlace };
export { PublishedFile };
export { HeldNotification, NotificationPreference, TicketMute };
export { SelfServiceRun, WorkflowStep };

/** Every entity, for the data source. A new entity also needs a migration in migrations/. */
export const ENTITIES = [
  Person, PersonIdentity, Ticket, TicketEvent, Conversation, ConversationMessage, TicketThread, KnowledgeUsage,
  ProcessedEvent, OutboxMessage,
  TeamsConversationReference,
  NoticeRecord, JobLease, MajorIncident, MajorIncidentLink,
  InboundEvent,
  RegisteredPlace,
  PublishedFile,
  ExternalTransfer,
  NotificationPreference, TicketMute, HeldNotification,
  WorkflowStep, SelfServiceRun,
];
