import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import type { AppConfig } from '../../../config/src/index.js';
import { InjectConfig } from '../../../config/src/index.js';
import type { AuthUser } from '../../../identity/src/index.js';
import { UsersService } from '../../../identity/src/index.js';
import { InterviewKitsService } from '../../../interviews/src/index.js';
import { AccessPolicy, Action, JobReadsService, Resource } from '../../../jobs/src/index.js';
import { PipelineReadsService } from '../../../pipelines/src/index.js';
import { AuditService } from '../../../platform/src/index.js';
import { EmailSending } from '../email-sending.service.js';
import { EmailTemplates } from '../email-templates.service.js';
import { applicationNotFound, MailErrorCode, MailException } from '../mail.exception.js';
import { CreateSchedulingRequestDto, SchedulingRequestDto, SchedulingRequestListDto } from './scheduling.dto.js';
import { REQUEST_COLUMNS, SchedulingRequestRow, toRequestDto } from './scheduling-rows.js';
import { newSchedulingToken, schedulingLink } from './scheduling-token.js';

const DAY_MS = 86_400_000;

function invalid(field: string, message: string): MailException {
  return new MailException(MailErrorCode.InvalidSchedulingRequest, message, { errors: [{ field, message }] });
}

/**
 * A recruiter asks a candidate to pick an interview time (`POST /v1/applications/:id/scheduling-requests`): the request
 * row and the `scheduling_request` email carrying its link are written in one transaction (the email through
 * `EmailSending.queue`, the one path). The candidate's side is `SelfScheduling`.
 */
@Injectable()
export class SchedulingRequests {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly reads: PipelineReadsService,
    private readonly jobReads: JobReadsService,
    private readonly kits: InterviewKitsService,
    private readonly users: UsersService,
    private readonly access: AccessPolicy,
    private readonly sending: EmailSending,
    private readonly templates: EmailTemplates,
    private readonly audit: AuditService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async create(actor: AuthUser, applicationId: string, dto: CreateSchedulingRequestDto): Promise<SchedulingRequestDto> {
    const org = actor.organizationId;
    const app = await this.reads.application(org, applicationId);
    if (!app) throw applicationNotFound();
    await this.access.assertCan(actor, Action.Write, { resource: Resource.Interview, jobId: app.jobId, onPanel: false }, { hidden: applicationNotFound });
    if (app.status !== 'active') throw invalid('applicationId', 'This application is closed; reopen it before asking the candidate to pick a time.');
    if (!dto.location && !dto.videoUrl) throw invalid('location', 'Give a place or a video link for the interview.');
    if (dto.minNoticeHours >= dto.windowDays * 24) throw invalid('minNoticeHours', 'The notice must be shorter than the window, or no time could be offered.');
    const stage = (await this.jobReads.stagesByIds(org, [dto.stageId])).get(dto.stageId);
    if (!stage || stage.jobId !== app.jobId) throw invalid('stageId', 'Choose a stage of this job.');
    if (dto.kitId && !(await this.kits.resolveLatest(org, { id: dto.kitId }))) throw invalid('kitId', 'No such interview kit.');
    const users = await this.users.findInOrganization(org, dto.interviewerIds);
    const active = new Map(users.filter((u) => u.active).map((u) => [u.id, u]));
    const errors = dto.interviewerIds.flatMap((id, i) =>
      active.has(id) ? [] : [{ field: `interviewerIds.${i}`, message: 'Not an active user of your organization.' }],
    );
    if (errors.length) throw new MailException(MailErrorCode.InvalidSchedulingRequest, errors[0].message, { errors });

    const { token, hash } = newSchedulingToken();
    const link = schedulingLink(this.config.publicBaseUrl, token);
    const template = await this.templates.forType(org, 'scheduling_request');
    const now = new Date();
    return this.txHost.withTransaction(async () => {
      const [row] = await this.txHost.tx.query<SchedulingRequestRow[]>(
        `INSERT INTO scheduling_requests (organization_id, application_id, stage_id, kit_id, interviewer_ids, duration_minutes, window_starts_at, window_ends_at,
                                          min_notice_hours, buffer_minutes, location, video_url, token_hash, created_by)
         VALUES ($1, $2, $3, $4, $5::uuid[], $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING ${REQUEST_COLUMNS}`,
        [
          org,
          app.id,
          stage.id,
          dto.kitId ?? null,
          dto.interviewerIds,
          dto.durationMinutes,
          now,
          new Date(now.getTime() + dto.windowDays * DAY_MS),
          dto.minNoticeHours,
          dto.bufferMinutes,
          dto.location ?? null,
          dto.videoUrl ?? null,
          hash,
          actor.id,
        ],
      );
      const email = await this.sending.queue({
        organizationId: org,
        applicationId: app.id,
        kind: 'scheduling_request',
        templateId: template.builtIn ? null : template.id,
        subject: template.subject,
        body: template.body,
        actorId: actor.id,
        extra: { scheduling: { link } },
        transactional: true,
      });
      await this.txHost.tx.query(`UPDATE scheduling_requests SET email_id = $3 WHERE id = $1 AND organization_id = $2`, [row.id, org, email.id]);
      await this.audit.record({
        organizationId: org,
        actorId: actor.id,
        entityType: 'scheduling_request',
        entityId: row.id,
        action: 'create',
        changes: {
          applicationId: { to: app.id },
          interviewerIds: { to: dto.interviewerIds },
          durationMinutes: { to: dto.durationMinutes },
          windowDays: { to: dto.windowDays },
        },
      });
      const names = new Map([...active.values()].map((u) => [u.id, u.name]));
      return { ...toRequestDto({ ...row, email_id: email.id }, names, email.to), link };
    });
  }

  /** The application's latest requests (for the dialog: status, where the link went). */
  async list(actor: AuthUser, applicationId: string): Promise<SchedulingRequestListDto> {
    const org = actor.organizationId;
    const app = await this.reads.application(org, applicationId);
    if (!app) throw applicationNotFound();
    await this.access.assertCan(actor, Action.Read, { resource: Resource.Interview, jobId: app.jobId, onPanel: false }, { hidden: applicationNotFound });
    const rows = await this.txHost.tx.query<Array<SchedulingRequestRow & { to_address: string | null }>>(
      `SELECT ${REQUEST_COLUMNS.replace(/(\w+)/g, 'r.$1')}, e.to_address
         FROM scheduling_requests r LEFT JOIN emails e ON e.id = r.email_id AND e.organization_id = r.organization_id
        WHERE r.organization_id = $1 AND r.application_id = $2
        ORDER BY r.created_at DESC, r.id DESC LIMIT 20`,
      [org, app.id],
    );
    const names = await this.users.namesOf(
      org,
      rows.flatMap((r) => r.interviewer_ids),
    );
    return { data: rows.map((r) => toRequestDto(r, names, r.to_address)) };
  }
}
