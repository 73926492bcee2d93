import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { decodeCursor, encodeCursor, Page } from '../../platform/src/index.js';
import type { AccessScope } from '../../jobs/src/index.js';
import { candidateCondition } from './access-sql.js';
import { candidateNotFound } from './pipelines.exception.js';

export interface ActivityRecord {
  organizationId: string;
  candidateId: string;
  applicationId?: string | null;
  jobId?: string | null;
  /** e.g. `application.moved`, `interview.scheduled`, `scorecard.submitted`. */
  kind: string;
  actorId?: string | null;
  subjectType?: string | null;
  subjectId?: string | null;
  /** Hidden from users who only see the application as an interviewer. */
  private?: boolean;
  payload?: Record<string, unknown>;
  occurredAt?: Date;
}

export interface ActivityItem {
  id: string;
  kind: string;
  candidateId: string;
  applicationId: string | null;
  jobId: string | null;
  actorId: string | null;
  subjectType: string | null;
  subjectId: string | null;
  private: boolean;
  payload: Record<string, unknown>;
  occurredAt: string;
}

/**
 * The candidate timeline. Pipelines records its own events here; later modules (interviews,
 * scorecards, offers) call `record(...)` inside their own transactions, so the timeline
 * is one indexed keyset read however many modules feed it.
 */
@Injectable()
export class ActivityService {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async record(event: ActivityRecord): Promise<void> {
    await this.recordMany([event]);
  }

  async recordMany(events: ActivityRecord[]): Promise<void> {
    if (events.length === 0) return;
    await this.txHost.tx.query(
      `INSERT INTO activity_events (organization_id, candidate_id, application_id, job_id, kind, actor_id, subject_type, subject_id, private, payload, occurred_at)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::uuid[], $7::text[], $8::text[], $9::boolean[], $10::jsonb[], $11::timestamptz[])`,
      [
        events.map((e) => e.organizationId),
        events.map((e) => e.candidateId),
        events.map((e) => e.applicationId ?? null),
        events.map((e) => e.jobId ?? null),
        events.map((e) => e.kind),
        events.map((e) => e.actorId ?? null),
        events.map((e) => e.subjectType ?? null),
        events.map((e) => e.subjectId ?? null),
        events.map((e) => e.private ?? false),
        events.map((e) => JSON.stringify(e.payload ?? {})),
        events.map((e) => (e.occurredAt ?? new Date()).toISOString()),
      ],
    );
  }

  /** Newest first; restricted to what the scope may see (404 when the candidate is not visible). */
  async timeline(scope: AccessScope, candidateId: string, limit: number, cursor?: string): Promise<Page<ActivityItem>> {
    const params: unknown[] = [candidateId, scope.organizationId];
    const visible: unknown[] = await this.txHost.tx.query(
      `SELECT 1 FROM candidates c WHERE c.id = $1 AND c.organization_id = $2 AND c.merged_into_id IS NULL AND ${candidateCondition(scope, params)}`,
      params,
    );
    if (visible.length === 0) throw candidateNotFound();
    const q: unknown[] = [candidateId];
    const where = ['e.candidate_id = $1'];
    if (!scope.all) {
      q.push(scope.jobIds, scope.applicationIds);
      // Candidate-level events are shown to anyone who sees the candidate; job events to the job's team.
      where.push(`(e.job_id IS NULL OR e.job_id = ANY($2::uuid[]) OR e.application_id = ANY($3::uuid[]))`);
    }
    if (!scope.seesPrivateNotes) where.push('NOT e.private');
    if (cursor) {
      const [at, id] = decodeCursor(cursor, ['timestamp', 'bigint']);
      q.push(at, id);
      where.push(`(e.occurred_at, e.id) < ($${q.length - 1}::timestamptz, $${q.length}::bigint)`);
    }
    q.push(limit + 1);
    const rows: Record<string, unknown>[] = await this.txHost.tx.query(
      `SELECT e.id::text, e.kind, e.candidate_id, e.application_id, e.job_id, e.actor_id, e.subject_type, e.subject_id, e.private, e.payload,
              e.occurred_at, e.occurred_at::text AS occurred_key
         FROM activity_events e WHERE ${where.join(' AND ')}
        ORDER BY e.occurred_at DESC, e.id DESC LIMIT $${q.length}`,
      q,
    );
    const more = rows.length > limit;
    const data = rows.slice(0, limit);
    const last = data[data.length - 1];
    return {
      data: data.map((r) => ({
        id: r.id as string,
        kind: r.kind as string,
        candidateId: r.candidate_id as string,
        applicationId: r.application_id as string | null,
        jobId: r.job_id as string | null,
        actorId: r.actor_id as string | null,
        subjectType: r.subject_type as string | null,
        subjectId: r.subject_id as string | null,
        private: r.private as boolean,
        payload: r.payload as Record<string, unknown>,
        occurredAt: (r.occurred_at as Date).toISOString(),
      })),
      nextCursor: more && last ? encodeCursor([last.occurred_key, last.id]) : null,
    };
  }
}
