import { InitialSchema1764000000000 } from "./1764000000000-InitialSchema";
import { TeamsConversationReferences1795555177142 } from "./1795555177142-TeamsConversationReferences";
import { SlaEngine1795600000000 } from "./1795600000000-SlaEngine";
import { OutboxThreadIndex1795700000000 } from "./1795700000000-OutboxThreadIndex";
import { PersonalChatUser1795800000000 } from "./1795800000000-PersonalChatUser";
import { ProfileAndBlocking1796100000000 } from "./1796100000000-ProfileAndBlocking";
import { OutboxDelivery1796200000000 } from "./1796200000000-OutboxDelivery";
import { FollowUpTickets1796250000000 } from "./1796250000000-FollowUpTickets";
import { InboundEvents1796300000000 } from "./1796300000000-InboundEvents";
import { RetentionIndexes1796400000000 } from "./1796400000000-RetentionIndexes";
import { RegisteredPlaces1796900000000 } from "./1796900000000-RegisteredPlaces";
import { PublishedFiles1797000000000 } from "./1797000000000-PublishedFiles";
import { ExternalDesks1797100000000 } from "./1797100000000-ExternalDesks";
import { ApprovalAndIncidentUpdates1797200000000 } from "./1797200000000-ApprovalAndIncidentUpdates";
import { NotificationPreferences1797340000000 } from "./1797340000000-NotificationPreferences";
import { Workflows1797500000000 } from "./1797500000000-Workflows";
import { SelfServiceRuns1797510000000 } from "./1797510000000-SelfServiceRuns";
import { LevelThree1797800000000 } from "./1797800000000-LevelThree";

/** Every migration, oldest first. The schema changes only through these (never `synchronize`). */
export const MIGRATIONS = [
  InitialSchema1764000000000,
  TeamsConversationReferences1795555177142,
  SlaEngine1795600000000,
  OutboxThreadIndex1795700000000,
  PersonalChatUser1795800000000,
  ProfileAndBlocking1796100000000,
  OutboxDelivery1796200000000,
  FollowUpTickets1796250000000,
  InboundEvents1796300000000,
  RetentionIndexes1796400000000,
  RegisteredPlaces1796900000000,
  PublishedFiles1797000000000,
  ExternalDesks1797100000000,
  ApprovalAndIncidentUpdates1797200000000,
  NotificationPreferences1797340000000,
  Workflows1797500000000,
  SelfServiceRuns1797510000000,
  LevelThree1797800000000,
];
