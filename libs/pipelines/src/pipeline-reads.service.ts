import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { LIVE_APPLICATIONS_SQL } from './pipeline-reads-sql.js';
import { Injectable } from '@nestjs/common';
import { JobReadsService } from '../../jobs/src/index.js';

/** An application as the modules above pipelines see it, with its stage's kind and name. */
export interface ApplicationFacts {
  id: string;
  organizationId: string;
  candidateId: string;
  jobId: string;
  stageId: string;
  stageKind: string;
  stageName: string;
  status: 'active' | 'rejected' | 'withdrawn' | 'hired';
  version: number;
  source: string | null;
  appliedAt: Date;
  stageEnteredAt: Date;
}

export interface CandidateFacts {
  id: string;
  firstName: string;
  lastName: string;
  fullName: string;
  emails: string[];
  source: string | null;
  /** Only transactional mail about an active application may reach them (the mail module checks it). */
  doNotContact: boolean;
  /** IANA time zone, when known (interview times in emails). */
  timeZone: string | null;
}

/**
 * The pipelines module's published reads for the modules above it (offers, interviews, scorecards):
 * single rows and batch lookups, always scoped by organization. Other modules never name pipelines' tables.
 * Inside a caller's unit of work the reads run in its transaction; `lock` takes the application's row lock there.
 */
@Injectable()
export class PipelineReadsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly jobReads: JobReadsService,
  ) {}

  /** A live (not merged) application of the organization, or null. */
  async application(organizationId: string, id: string, lock = false): Promise<ApplicationFacts | null> {
    const rows: Record<string, unknown>[] = await this.txHost.tx.query(
      `SELECT a.id, a.organization_id, a.candidate_id, a.job_id, a.stage_id, a.status, a.version, a.source, a.applied_at, a.stage_entered_at
         FROM applications a
        WHERE a.id = $1 AND a.organization_id = $2 AND a.merged_into_id IS NULL ${lock ? 'FOR UPDATE' : ''}`,
      [id, organizationId],
    );
    const r = rows[0];
    if (!r) return null;
    const stage = (await this.jobReads.stagesByIds(organizationId, [r.stage_id as string])).get(r.stage_id as string);
    return {
      id: r.id as string,
      organizationId: r.organization_id as string,
      candidateId: r.candidate_id as string,
      jobId: r.job_id as string,
      stageId: r.stage_id as string,
      stageKind: stage?.kind ?? '',
      stageName: stage?.name ?? '',
      status: r.status as ApplicationFacts['status'],
      version: r.version as number,
      source: r.source as string | null,
      appliedAt: r.applied_at as Date,
      stageEnteredAt: r.stage_entered_at as Date,
    };
  }

  /** Live applications by id (job, candidate, status); ids of other organizations and merged ones are left out. */
  async applications(organizationId: string, ids: readonly string[]): Promise<Map<string, { jobId: string; candidateId: string; status: string }>> {
    const unique = [...new Set(ids.filter(Boolean))];
    if (!unique.length) return new Map();
    const rows: { id: string; job_id: string; candidate_id: string; status: string }[] = await this.txHost.tx.query(LIVE_APPLICATIONS_SQL, [
      organizationId,
      unique,
    ]);
    return new Map(rows.map((r) => [r.id, { jobId: r.job_id, candidateId: r.candidate_id, status: r.status }]));
  }

  /**
   * Holds the candidate against erasure until the caller's transaction ends: the key share lock a row referencing it
   * takes anyway. Take it before locking rows of your own that an erasure of this candidate also locks (it locks the
   * candidate first): then the two wait for each other instead of deadlocking.
   */
  async holdCandidate(organizationId: string, id: string): Promise<void> {
    await this.txHost.tx.query(`SELECT 1 FROM candidates WHERE id = $1 AND organization_id = $2 FOR KEY SHARE`, [id, organizationId]);
  }

  async candidate(organizationId: string, id: string): Promise<CandidateFacts | null> {
    const rows: Record<string, unknown>[] = await this.txHost.tx.query(
      `SELECT id, first_name, last_name, full_name, emails, source, do_not_contact, time_zone FROM candidates WHERE id = $1 AND organization_id = $2`,
      [id, organizationId],
    );
    const r = rows[0];
    return r
      ? {
          id: r.id as string,
          firstName: r.first_name as string,
          lastName: r.last_name as string,
          fullName: r.full_name as string,
          emails: r.emails as string[],
          source: r.source as string | null,
          doNotContact: r.do_not_contact === true,
          timeZone: (r.time_zone as string | null) ?? null,
        }
      : null;
  }

  /** Candidates' full names by id; ids of other organizations are left out. */
  async candidateNames(organizationId: string, ids: readonly string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids.filter(Boolean))];
    if (!unique.length) return new Map();
    const rows: { id: string; full_name: string }[] = await this.txHost.tx.query(
      `SELECT id, full_name FROM candidates WHERE organization_id = $1 AND id = ANY($2::uuid[])`,
      [organizationId, unique],
    );
    return new Map(rows.map((r) => [r.id, r.full_name]));
  }

  /** A rejection reason of the organization, with its label and kind, or null. */
  async rejectionReason(organizationId: string, id: string): Promise<{ id: string; label: string; kind: string } | null> {
    const [row] = await this.txHost.tx.query<{ id: string; label: string; kind: string }[]>(
      `SELECT id, label, kind FROM rejection_reasons WHERE id = $1 AND organization_id = $2`,
      [id, organizationId],
    );
    return row ?? null;
  }

  /** Notes on the application or its candidate, newest first (at most 200). */
  async notes(organizationId: string, candidateId: string, applicationId: string): Promise<Array<Record<string, unknown>>> {
    return this.txHost.tx.query(
      `SELECT n.id, n.application_id AS "applicationId", n.author_id AS "authorId", n.body, n.private, n.created_at AS "createdAt"
         FROM notes n WHERE n.organization_id = $1 AND n.candidate_id = $2 AND (n.application_id IS NULL OR n.application_id = $3)
        ORDER BY n.created_at DESC, n.id DESC LIMIT 200`,
      [organizationId, candidateId, applicationId],
    );
  }
}
