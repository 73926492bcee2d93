import { MailDataExport } from './mail-export.service.js';
import { Module } from '@nestjs/common';
import { IdentityModule } from '../../identity/src/index.js';
import { PipelinesModule } from '../../pipelines/src/index.js';
import { DevMailbox } from './dev-mailbox.service.js';
import { EmailDelivery } from './email-delivery.service.js';
import { EmailSending } from './email-sending.service.js';
import {
  DevMailboxController,
  EmailsController,
  EmailTemplatesController,
  InboundEmailController,
  InboxController,
  UnsubscribeController,
} from './emails.controller.js';
import { OrganizationInbox } from './organization-inbox.service.js';
import { InboundSmtpListener } from './inbound-smtp.js';
import { InboundMail } from './inbound-mail.service.js';
import { MailErasure } from './mail-erasure.service.js';
import { EmailTemplates } from './email-templates.service.js';
import { JobsModule } from '../../jobs/src/index.js';
import { MailTransport } from './mail-transport.js';
import { MailAutomation } from './mail-automation.service.js';
import { MailInterviews } from './mail-interviews.service.js';
import { AccountMail } from './account-mail.service.js';
import { InterviewsModule } from '../../interviews/src/index.js';
import { OffersWorkerModule } from '../../offers/src/index.js';
import { MailOffers } from './mail-offers.service.js';
import { MailMergeFollower } from './mail-merge.follower.js';
import { SchedulingAssetsController, SchedulingPageController, SchedulingRequestsController } from './scheduling/scheduling.controller.js';
import { SchedulingRequests } from './scheduling/scheduling-requests.service.js';
import { SelfScheduling } from './scheduling/self-scheduling.service.js';

/** Candidate email: queued through the outbox, sent by the worker (SMTP_URL or the development catcher). */
@Module({
  imports: [IdentityModule, JobsModule, PipelinesModule, InterviewsModule],
  controllers: [
    EmailsController,
    EmailTemplatesController,
    UnsubscribeController,
    InboundEmailController,
    InboxController,
    DevMailboxController,
    SchedulingRequestsController,
    SchedulingPageController,
    SchedulingAssetsController,
  ],
  providers: [
    EmailSending,
    EmailTemplates,
    MailTransport,
    DevMailbox,
    InboundMail,
    SchedulingRequests,
    SelfScheduling,
    MailDataExport,
    MailErasure,
    OrganizationInbox,
  ],
  exports: [EmailSending, EmailTemplates, MailDataExport, MailErasure],
})
export class MailModule {}

/**
 * The worker's view of mail: delivery of `mail.send` jobs, the mail that follows pipeline events and the built-in SMTP
 * listener for inbound mail (`INBOUND_SMTP_PORT`), no HTTP controllers.
 */
@Module({
  imports: [IdentityModule, JobsModule, PipelinesModule, InterviewsModule, OffersWorkerModule],
  providers: [
    EmailDelivery,
    MailTransport,
    EmailSending,
    EmailTemplates,
    MailAutomation,
    MailInterviews,
    MailOffers,
    MailMergeFollower,
    AccountMail,
    MailDataExport,
    MailErasure,
    InboundMail,
    InboundSmtpListener,
  ],
  exports: [
    EmailDelivery,
    MailAutomation,
    MailInterviews,
    MailOffers,
    MailMergeFollower,
    AccountMail,
    EmailSending,
    MailDataExport,
    MailErasure,
    InboundSmtpListener,
  ],
})
export class MailWorkerModule {}
