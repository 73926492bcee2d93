import { Module } from '@nestjs/common';
import { IdentityModule } from '../../identity/src/index.js';
import { PipelinesModule } from '../../pipelines/src/index.js';
import { DevMailbox } from './dev-mailbox.service.js';
import { EmailDelivery } from './email-delivery.service.js';
import { EmailSending } from './email-sending.service.js';
import { DevMailboxController, EmailsController, UnsubscribeController } from './emails.controller.js';
import { MailTransport } from './mail-transport.js';

/** Candidate email: queued through the outbox, sent by the worker (SMTP_URL or the development catcher). */
@Module({
  imports: [IdentityModule, PipelinesModule],
  controllers: [EmailsController, UnsubscribeController, DevMailboxController],
  providers: [EmailSending, MailTransport, DevMailbox],
  exports: [EmailSending],
})
export class MailModule {}

/** The worker's view of mail: delivery of `mail.send` jobs, no HTTP controllers. */
@Module({
  imports: [PipelinesModule],
  providers: [EmailDelivery, MailTransport],
  exports: [EmailDelivery],
})
export class MailWorkerModule {}
