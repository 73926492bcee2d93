import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';

/** One file of a candidate as an export lists it (metadata only; the bytes come from `fileChunks`). */
export interface ExportedFile {
  id: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
}

/** What pipelines holds about one candidate, for a data access request (privacy assembles the export). */
export interface PipelinesCandidateExport {
  candidate: Record<string, unknown>;
  emailAddresses: Record<string, unknown>[];
  applications: Record<string, unknown>[];
  stageHistory: Record<string, unknown>[];
  notes: Record<string, unknown>[];
  activity: Record<string, unknown>[];
  files: Record<string, unknown>[];
  applicationIds: string[];
  fileList: ExportedFile[];
}

/** How many activity rows one query reads (keyset batches, so a long timeline is never one huge statement). */
const ACTIVITY_BATCH = 500;

/**
 * The pipelines module's part of a candidate's data export: its own tables, read as JSON rows (every column, so a
 * column added later is exported too; internal ones dropped: the search vector, the storage key).
 */
@Injectable()
export class CandidateDataExport {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async exportForCandidate(organizationId: string, candidateId: string): Promise<PipelinesCandidateExport | null> {
    const tx = this.txHost.tx;
    const candidate = await tx.query<Array<{ row: Record<string, unknown> }>>(
      `SELECT to_jsonb(c) - 'search' AS row FROM candidates c WHERE c.organization_id = $1 AND c.id = $2`,
      [organizationId, candidateId],
    );
    if (!candidate[0]) return null;
    const rows = async (sql: string, params: unknown[] = [organizationId, candidateId]) =>
      (await tx.query<Array<{ row: Record<string, unknown> }>>(sql, params)).map((r) => r.row);
    const emailAddresses = await rows(
      `SELECT to_jsonb(e) AS row FROM candidate_emails e WHERE e.organization_id = $1 AND e.candidate_id = $2 ORDER BY e.email`,
    );
    const applications = await rows(
      `SELECT to_jsonb(a) AS row FROM applications a WHERE a.organization_id = $1 AND a.candidate_id = $2 ORDER BY a.created_at, a.id`,
    );
    const applicationIds = applications.map((a) => String(a.id));
    const stageHistory = await rows(
      `SELECT to_jsonb(m) AS row FROM application_moves m WHERE m.organization_id = $1 AND m.application_id = ANY($2::uuid[]) ORDER BY m.moved_at, m.id`,
      [organizationId, applicationIds],
    );
    const notes = await rows(`SELECT to_jsonb(n) AS row FROM notes n WHERE n.organization_id = $1 AND n.candidate_id = $2 ORDER BY n.created_at, n.id`);
    const files = await rows(
      `SELECT to_jsonb(f) - 'storage_key' AS row FROM candidate_files f WHERE f.organization_id = $1 AND f.candidate_id = $2 ORDER BY f.created_at, f.id`,
    );
    const activity: Record<string, unknown>[] = [];
    let after = '0';
    for (;;) {
      const batch = await tx.query<Array<{ id: string; row: Record<string, unknown> }>>(
        `SELECT a.id::text AS id, to_jsonb(a) AS row FROM activity_events a
          WHERE a.organization_id = $1 AND a.candidate_id = $2 AND a.id > $3::bigint ORDER BY a.id LIMIT ${ACTIVITY_BATCH}`,
        [organizationId, candidateId, after],
      );
      activity.push(...batch.map((b) => b.row));
      if (batch.length < ACTIVITY_BATCH) break;
      after = batch[batch.length - 1].id;
    }
    return {
      candidate: candidate[0].row,
      emailAddresses,
      applications,
      stageHistory,
      notes,
      activity,
      files,
      applicationIds,
      fileList: files.map((f) => ({
        id: String(f.id),
        fileName: String(f.file_name),
        contentType: String(f.content_type),
        sizeBytes: Number(f.size_bytes),
      })),
    };
  }

  /**
   * A stored file's bytes in slices of `sliceBytes`, one query per slice, so a large file never sits in memory
   * whole. Ends at once for a file of another organization or without stored bytes.
   */
  async *fileChunks(organizationId: string, fileId: string, sliceBytes = 256 * 1024): AsyncGenerator<Buffer> {
    for (let offset = 1; ; offset += sliceBytes) {
      const rows = await this.txHost.tx.query<Array<{ part: Buffer | null }>>(
        `SELECT substring(fc.content FROM $3 FOR $4) AS part FROM candidate_file_contents fc
          WHERE fc.organization_id = $1 AND fc.file_id = $2`,
        [organizationId, fileId, offset, sliceBytes],
      );
      const part = rows[0]?.part;
      if (!part || part.length === 0) return;
      yield part;
      if (part.length < sliceBytes) return;
    }
  }

  /** The candidates of the organization with this email address (lower-cased), for a self-service request. */
  async candidateIdsByEmail(organizationId: string, email: string): Promise<string[]> {
    const rows = await this.txHost.tx.query<Array<{ candidate_id: string }>>(
      `SELECT e.candidate_id FROM candidate_emails e JOIN candidates c ON c.id = e.candidate_id
        WHERE e.organization_id = $1 AND e.email = lower($2) AND c.merged_into_id IS NULL ORDER BY c.created_at DESC, c.id`,
      [organizationId, email],
    );
    return rows.map((r) => r.candidate_id);
  }

  /** The candidate's most recent application (the one confirmation mail is sent about), or null. */
  async latestApplicationId(organizationId: string, candidateId: string): Promise<string | null> {
    const rows = await this.txHost.tx.query<Array<{ id: string }>>(
      `SELECT id FROM applications WHERE organization_id = $1 AND candidate_id = $2 ORDER BY created_at DESC, id DESC LIMIT 1`,
      [organizationId, candidateId],
    );
    return rows[0]?.id ?? null;
  }
}
