import { Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '../../config/src/index.js';
import { InjectConfig } from '../../config/src/index.js';
import { WorkingHoursService } from '../../identity/src/index.js';
import { InterviewReadsService, renderCalendar } from '../../interviews/src/index.js';
import { PipelineReadsService } from '../../pipelines/src/index.js';
import { DomainException, IdempotentConsumer } from '../../platform/src/index.js';
import { EmailSending } from './email-sending.service.js';
import { EmailTemplates } from './email-templates.service.js';
import type { EmailTemplateType } from './template-rendering.js';

const TYPE: Record<string, EmailTemplateType> = {
  scheduled: 'interview_invitation',
  rescheduled: 'interview_rescheduled',
  cancelled: 'interview_cancelled',
};

/** "Tuesday, 2 June 2026 at 10:00 (Europe/Berlin)": the time in a reader's time zone, which it names (UTC when theirs is unknown). */
export function spokenTime(date: Date, timeZone = 'UTC'): string {
  try {
    const day = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(date);
    const time = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(date);
    return `${day} at ${time} (${timeZone})`;
  } catch (error: unknown) {
    // A zone Intl does not know (the API checks every zone it stores; this is a last guard): UTC, which it names.
    if (error instanceof RangeError && timeZone !== 'UTC') return spokenTime(date, 'UTC');
    throw error;
  }
}

/**
 * Interview invitations (after `interviews.notify-interviewers`, called by the worker's interviews processor): the
 * candidate and every active interviewer get the template of the change with an iCalendar invitation (METHOD:REQUEST,
 * METHOD:CANCEL when cancelled; the UID of the calendar download, `interview-<id>@hireloop`, and SEQUENCE = version - 1,
 * so each update replaces the event in their calendars).
 */
@Injectable()
export class MailInterviews {
  private readonly logger = new Logger(MailInterviews.name);

  constructor(
    private readonly consumer: IdempotentConsumer,
    private readonly interviews: InterviewReadsService,
    private readonly reads: PipelineReadsService,
    private readonly sending: EmailSending,
    private readonly templates: EmailTemplates,
    private readonly hours: WorkingHoursService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async interviewChanged(eventId: string, organizationId: string, payload: Record<string, unknown>): Promise<void> {
    const type = TYPE[String(payload.change)];
    if (!type) return;
    await this.consumer.runOnce('mail.interview-invitation', eventId, async () => {
      const panel = type === 'interview_cancelled' && Array.isArray(payload.userIds) ? payload.userIds.map(String) : undefined;
      const interview = await this.interviews.forInvitation(organizationId, String(payload.interviewId), panel);
      if (!interview) return;
      // The event names the version it was published for: a later change sends its own invitation.
      const version = Number(payload.version ?? interview.version);
      const template = await this.templates.forType(organizationId, type);
      const values = await this.templates.valuesFor(organizationId, interview.applicationId);
      if (!values) return;
      const place = interview.location ?? interview.videoUrl ?? 'to be confirmed';
      const cancelled = type === 'interview_cancelled';
      const calendar = renderCalendar({
        uid: `interview-${interview.id}@hireloop`,
        sequence: version - 1,
        stamp: new Date(),
        start: interview.startsAt,
        end: interview.endsAt,
        summary: `Interview: ${values.candidate.full_name} — ${values.job.title}`,
        description: [`Interview for ${values.job.title} at ${values.organization.name}`, ...(interview.videoUrl ? [`Video: ${interview.videoUrl}`] : [])],
        location: interview.location ?? interview.videoUrl,
        url: interview.videoUrl,
        cancelled,
        method: 'REQUEST',
        organizer: { name: String(values.organization.name), email: this.organizerAddress() },
        attendees: interview.interviewers.map((i) => ({ name: i.name, email: i.email })),
      });
      const extraIn = (timeZone: string) => ({
        interview: {
          starts_at: spokenTime(interview.startsAt, timeZone),
          duration_minutes: Math.round((interview.endsAt.getTime() - interview.startsAt.getTime()) / 60_000),
          location: place,
        },
      });
      // Each reader gets the time in their own time zone: the candidate's when known, each interviewer's (`users.time_zone`,
      // one batch read); UTC when unknown.
      const app = await this.reads.application(organizationId, interview.applicationId);
      const candidate = app ? await this.reads.candidate(organizationId, app.candidateId) : null;
      const profiles = await this.hours.profiles(
        organizationId,
        interview.interviewers.map((i) => i.userId),
      );
      const zoneOf = new Map(profiles.map((p) => [p.id, p.timeZone]));
      const recipients: Array<{ to: string | undefined; timeZone: string }> = [
        { to: undefined, timeZone: candidate?.timeZone ?? 'UTC' },
        ...interview.interviewers.map((i) => ({ to: i.email, timeZone: zoneOf.get(i.userId) ?? 'UTC' })),
      ];
      for (const { to, timeZone } of recipients) {
        const extra = extraIn(timeZone);
        try {
          await this.sending.queue({
            organizationId,
            applicationId: interview.applicationId,
            kind: type,
            templateId: template.builtIn ? null : template.id,
            subject: template.subject,
            body: template.body,
            extra,
            to,
            calendar: { content: calendar, method: cancelled ? 'CANCEL' : 'REQUEST' },
            transactional: true,
          });
        } catch (error: unknown) {
          if (!(error instanceof DomainException)) throw error;
          this.logger.warn({ organizationId, interviewId: interview.id, code: error.code }, 'Interview invitation not queued');
        }
      }
    });
  }

  private organizerAddress(): string {
    const from = this.config.mailFrom;
    const start = from.lastIndexOf('<');
    return start >= 0 ? from.slice(start + 1, from.indexOf('>', start)) : from;
  }
}
