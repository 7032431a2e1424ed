// Every migration, in order. Listed explicitly so the service, the tests and the TypeORM CLI
// run the same set without file globbing.
import { Foundation1764086400000 } from './1764086400000-foundation.js';
import { RequestWorkflow1764090000000 } from './1764090000000-requestWorkflow.js';
import { DataControllers1764100000000 } from './1764100000000-dataControllers.js';
import { Replies1764110000000 } from './1764110000000-replies.js';
import { AgentUi1764120000000 } from './1764120000000-agentUi.js';
import { Helpdesk1764130000000 } from './1764130000000-helpdesk.js';
import { Forwarding1764140000000 } from './1764140000000-forwarding.js';
import { Verification1764150000000 } from './1764150000000-verification.js';
import { Retention1764160000000 } from './1764160000000-retention.js';
import { ProcessorTasks1764170000000 } from './1764170000000-processorTasks.js';
import { Incidents1764180000000 } from './1764180000000-incidents.js';
import { AgentEmail1764200000000 } from './1764200000000-agentEmail.js';
import { IdempotencyClaims1764210000000 } from './1764210000000-idempotencyClaims.js';
import { WebhookUpkeep1764220000000 } from './1764220000000-webhookUpkeep.js';
import { WithheldMessages1764230000000 } from './1764230000000-withheldMessages.js';
import { ForwardingSettlement1790000002000 } from './1790000002000-forwardingSettlement.js';
import { MailAttempts1790000018300 } from './1790000018300-mailAttempts.js';
import { LoginBudgetsAndPasswordChange1790000019100 } from './1790000019100-loginBudgetsAndPasswordChange.js';
import { ApiClients1790000019200 } from './1790000019200-apiClients.js';
import { RequesterCountry1790000020100 } from './1790000020100-requesterCountry.js';
import { IncidentNotices1790000020200 } from './1790000020200-incidentNotices.js';
import { QueueSearch1790000021100 } from './1790000021100-queueSearch.js';
import { SavedViews1790000021110 } from './1790000021110-savedViews.js';
import { Inbox1790000022000 } from './1790000022000-inbox.js';
import { InboxQueueFlags1790000022100 } from './1790000022100-inboxQueueFlags.js';
import { WebhookRegistrationOnce1790000023000 } from './1790000023000-webhookRegistrationOnce.js';
import { WebhookSequencePerEndpoint1790000023100 } from './1790000023100-webhookSequencePerEndpoint.js';
import { ControllerVersion1790000023200 } from './1790000023200-controllerVersion.js';
import { Languages1790000024000 } from './1790000024000-languages.js';

export const MIGRATIONS = [Foundation1764086400000, RequestWorkflow1764090000000, DataControllers1764100000000, Replies1764110000000, AgentUi1764120000000, Helpdesk1764130000000, Forwarding1764140000000, Verification1764150000000, Retention1764160000000, ProcessorTasks1764170000000, Incidents1764180000000, AgentEmail1764200000000, IdempotencyClaims1764210000000, WebhookUpkeep1764220000000, WithheldMessages1764230000000, ForwardingSettlement1790000002000, MailAttempts1790000018300, LoginBudgetsAndPasswordChange1790000019100, ApiClients1790000019200, RequesterCountry1790000020100, IncidentNotices1790000020200, QueueSearch1790000021100, SavedViews1790000021110, Inbox1790000022000, InboxQueueFlags1790000022100, WebhookRegistrationOnce1790000023000, WebhookSequencePerEndpoint1790000023100, ControllerVersion1790000023200, Languages1790000024000];
