import { Injectable, Logger } from '@nestjs/common';
import { OrganizationsService } from '../../identity/src/index.js';
import { DomainException, IdempotentConsumer } from '../../platform/src/index.js';
import { EmailSending } from './email-sending.service.js';
import { EmailTemplates } from './email-templates.service.js';
import type { EmailTemplateType } from './template-rendering.js';

/**
 * Mail that follows pipeline events (called by the worker's pipelines processor, each through its own idempotent
 * consumer): the confirmation of a public application, the rejection email after the organization's delay, and
 * cancelling that email when the application is reopened before it went out.
 */
@Injectable()
export class MailAutomation {
  private readonly logger = new Logger(MailAutomation.name);

  constructor(
    private readonly consumer: IdempotentConsumer,
    private readonly sending: EmailSending,
    private readonly templates: EmailTemplates,
    private readonly organizations: OrganizationsService,
  ) {}

  /** `pipelines.application-created`: a candidate who applied themselves gets `application_received`. */
  async applicationCreated(eventId: string, organizationId: string, payload: Record<string, unknown>): Promise<void> {
    if (payload.byCandidate !== true) return;
    await this.consumer.runOnce('mail.application-received', eventId, () =>
      this.queueTemplate(organizationId, String(payload.applicationId), 'application_received'),
    );
  }

  /** `pipelines.application-rejected` with `notifyCandidate`: `rejection`, sent after `rejectionEmailDelayHours`. */
  async applicationRejected(eventId: string, organizationId: string, payload: Record<string, unknown>): Promise<void> {
    if (payload.notifyCandidate !== true) return;
    await this.consumer.runOnce('mail.rejection', eventId, async () => {
      const { rejectionEmailDelayHours } = await this.organizations.settings(organizationId);
      const sendAt = new Date(Date.now() + Number(rejectionEmailDelayHours) * 3600_000);
      await this.queueTemplate(organizationId, String(payload.applicationId), 'rejection', sendAt);
    });
  }

  /** `pipelines.application-reopened`: a rejection email not yet sent is cancelled. */
  async applicationReopened(eventId: string, organizationId: string, payload: Record<string, unknown>): Promise<void> {
    await this.consumer.runOnce('mail.cancel-rejection', eventId, async () => {
      await this.sending.cancelPending(organizationId, String(payload.applicationId), 'rejection');
    });
  }

  private async queueTemplate(organizationId: string, applicationId: string, type: EmailTemplateType, sendAt?: Date): Promise<void> {
    const template = await this.templates.forType(organizationId, type);
    try {
      await this.sending.queue({
        organizationId,
        applicationId,
        kind: type,
        templateId: template.builtIn ? null : template.id,
        subject: template.subject,
        body: template.body,
        sendAt,
        transactional: true,
      });
    } catch (error: unknown) {
      // No address, a merged application, a template that cannot be filled: nothing to send, and retrying changes nothing.
      if (!(error instanceof DomainException)) throw error;
      this.logger.warn({ organizationId, applicationId, type, code: error.code }, 'Automatic email not queued');
    }
  }
}
