import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { AuthUser } from '../../identity/src/index.js';
import { AuditService, DomainEventType, IdempotentConsumer, JobName, OutboxService } from '../../platform/src/index.js';
import { ActivityService } from './activity.service.js';
import type { CandidateView } from './candidate-fields.js';
import type { CandidateMergedEvent, MergeFollowUp } from './candidate-merge.events.js';
import { ApplicationSummary, CandidatesService } from './candidates.service.js';
import { ActivityKind } from './pipeline.types.js';
import type { AccessScope as PipelineScope } from '../../jobs/src/index.js';
import { PipelinesErrorCode, PipelinesException } from './pipelines.exception.js';

/** Consumer name under which the merge event's fan-out is recorded in `processed_events`. */
export const MERGE_FAN_OUT_CONSUMER = 'pipelines.merge-fan-out';

/**
 * Candidate merge: folds a duplicate into a survivor. Pipelines' own rows (applications, emails,
 * notes, activity, files, moves, SLA breaches) move in the merge's transaction; the merge publishes
 * one outbox event, and each module holding candidate or application ids follows it in its own
 * idempotent consumer (interviews, scorecards, offers and decisions, notifications).
 */
@Injectable()
export class CandidateMergeService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly candidates: CandidatesService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly activity: ActivityService,
    private readonly consumer: IdempotentConsumer,
  ) {}

  /**
   * Folds `otherId` into `id` in one transaction: emails, phones, links, tags, files, notes, history
   * and applications move to the survivor; two applications to the same job become one (the active
   * one is kept, the other's moves, notes and events are re-pointed to it and it is marked merged).
   * Pipelines' own rows move here, atomically; every other module follows the one
   * `pipelines.candidates-merged` event published in this transaction (see `fanOut`).
   */
  async merge(actor: AuthUser, scope: PipelineScope, id: string, otherId: string): Promise<CandidateView & { applications: ApplicationSummary[] }> {
    if (id === otherId) {
      throw new PipelinesException(PipelinesErrorCode.CannotMergeWithItself, 'A candidate cannot be merged with itself.', {
        errors: [{ field: 'otherId', message: 'must be another candidate' }],
      });
    }
    const organizationId = actor.organizationId;
    await this.txHost.withTransaction(async () => {
      // Lock in id order so two opposite merges cannot deadlock.
      const [first, second] = [id, otherId].sort();
      const a = await this.candidates.lockForWrite(scope, first, first === otherId ? 'otherId' : undefined);
      const b = await this.candidates.lockForWrite(scope, second, second === otherId ? 'otherId' : undefined);
      const survivor = a.id === id ? a : b;
      const other = a.id === id ? b : a;

      const apps: { id: string; candidate_id: string; job_id: string; status: string }[] = await this.txHost.tx.query(
        `SELECT id, candidate_id, job_id, status FROM applications WHERE candidate_id = ANY($1::uuid[]) AND merged_into_id IS NULL ORDER BY applied_at FOR UPDATE`,
        [[id, otherId]],
      );
      const folded: { from: string; into: string }[] = [];
      for (const oa of apps.filter((x) => x.candidate_id === otherId)) {
        const sa = apps.find((x) => x.candidate_id === id && x.job_id === oa.job_id);
        if (!sa) continue;
        const keep = sa.status === 'active' || oa.status !== 'active' ? sa : oa;
        const drop = keep === sa ? oa : sa;
        await this.txHost.tx.query(
          `UPDATE applications SET merged_into_id = $2, status = CASE WHEN status = 'active' THEN 'withdrawn' ELSE status END,
                  closed_at = coalesce(closed_at, now()), candidate_id = $3, version = version + 1, updated_at = now()
            WHERE id = $1`,
          [drop.id, keep.id, id],
        );
        for (const table of ['application_moves', 'notes', 'activity_events', 'sla_breaches']) {
          await this.txHost.tx.query(`UPDATE ${table} SET application_id = $2 WHERE application_id = $1`, [drop.id, keep.id]);
        }
        folded.push({ from: drop.id, into: keep.id });
      }
      await this.txHost.tx.query(`UPDATE applications SET candidate_id = $2, version = version + 1, updated_at = now() WHERE candidate_id = $1`, [otherId, id]);
      await this.txHost.tx.query(`UPDATE candidate_emails SET candidate_id = $2 WHERE candidate_id = $1`, [otherId, id]);
      for (const table of ['notes', 'activity_events', 'candidate_files']) {
        await this.txHost.tx.query(`UPDATE ${table} SET candidate_id = $2 WHERE candidate_id = $1`, [otherId, id]);
      }
      if (other.resume_file && survivor.resume_file) {
        const f = other.resume_file;
        await this.txHost.tx.query(
          // A file stored by CandidateFilesService has just moved over with the other files: do not list it twice.
          `INSERT INTO candidate_files (organization_id, candidate_id, kind, file_name, content_type, size_bytes, storage_key, created_by, text_status)
           SELECT $1, $2, 'resume', $3, $4, $5, $6, $7, 'empty' WHERE NOT EXISTS (SELECT 1 FROM candidate_files WHERE candidate_id = $2 AND storage_key = $6)`,
          [organizationId, id, f.fileName, f.contentType, f.sizeBytes, f.storageKey, actor.id],
        );
      }
      const union = (x: string[], y: string[]) => [...new Set([...x, ...y])];
      await this.txHost.tx.query(
        `UPDATE candidates SET emails = $2, phones = $3, links = $4, tags = $5, location = coalesce(location, $6), source = coalesce(source, $7),
                resume_text = coalesce(resume_text, $8), resume_file = coalesce(resume_file, $9::jsonb), consent_given = consent_given OR $10,
                consent_at = coalesce(consent_at, $11), retention_until = greatest(retention_until, $12::date),
                do_not_contact = do_not_contact OR $13, time_zone = coalesce(time_zone, $14), version = version + 1, updated_at = now()
          WHERE id = $1`,
        [
          id,
          union(survivor.emails, other.emails),
          union(survivor.phones, other.phones),
          union(survivor.links, other.links),
          union(survivor.tags, other.tags),
          other.location,
          other.source,
          other.resume_text ?? null,
          other.resume_file ? JSON.stringify(other.resume_file) : null,
          other.consent_given,
          other.consent_at,
          other.retention_until,
          // An opt-out of either record holds for the person.
          other.do_not_contact,
          other.time_zone,
        ],
      );
      await this.txHost.tx.query(
        `UPDATE candidates SET merged_into_id = $2, merged_at = now(), emails = '{}', version = version + 1, updated_at = now() WHERE id = $1`,
        [otherId, id],
      );
      await this.audit.recordMany([
        {
          organizationId,
          actorId: actor.id,
          entityType: 'candidate',
          entityId: id,
          action: 'merge',
          changes: {
            mergedCandidateId: { to: otherId },
            emails: { from: survivor.emails, to: union(survivor.emails, other.emails) },
            foldedApplications: { to: folded },
          },
        },
        {
          organizationId,
          actorId: actor.id,
          entityType: 'candidate',
          entityId: otherId,
          action: 'merged_into',
          changes: { mergedIntoId: { from: null, to: id } },
        },
      ]);
      await this.activity.record({
        organizationId,
        candidateId: id,
        kind: ActivityKind.CandidateMerged,
        actorId: actor.id,
        subjectType: 'candidate',
        subjectId: otherId,
        payload: { mergedCandidateId: otherId, mergedName: other.full_name, foldedApplications: folded },
      });
      const event: CandidateMergedEvent = {
        organizationId,
        survivorId: id,
        mergedId: otherId,
        applicationMap: Object.fromEntries(folded.map((f) => [f.from, f.into])),
      };
      await this.outbox.publish({
        jobName: JobName.PipelinesCandidatesMerged,
        organizationId,
        aggregateType: 'candidate',
        aggregateId: id,
        payload: { ...event },
      });
      await this.candidates.announceEvent(DomainEventType.CandidateMerged, organizationId, id, {
        mergedCandidateId: otherId,
        applicationMap: event.applicationMap,
      });
    });
    return this.candidates.get(scope, id);
  }

  /**
   * The merge event's consumer: publishes one follow-up job per follower (`followers`, the worker's
   * list) in one transaction, at most once per merge event. Each follower is idempotent under its
   * own consumer name, keyed by the merge event's id (`mergeEventId`).
   */
  async fanOut(eventId: string, event: CandidateMergedEvent, followers: JobName[]): Promise<boolean> {
    return this.consumer.runOnce(MERGE_FAN_OUT_CONSUMER, eventId, async () => {
      const followUp: MergeFollowUp = { ...event, mergeEventId: eventId };
      await this.outbox.publishMany(
        followers.map((jobName) => ({
          jobName,
          organizationId: event.organizationId,
          aggregateType: 'candidate',
          aggregateId: event.survivorId,
          payload: { ...followUp },
        })),
      );
    });
  }
}
