import { ApiProperty } from '@nestjs/swagger';

export enum ExportStatus {
  Pending = 'pending',
  Ready = 'ready',
  Failed = 'failed',
  Expired = 'expired',
}

/** A candidate data export: built in the worker, downloadable by admins until `expiresAt`. */
export class CandidateExportDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  candidateId: string;

  @ApiProperty({ enum: ExportStatus, enumName: 'ExportStatus', description: 'pending: being built; ready: downloadable; failed; expired: deleted after 24 h' })
  status: ExportStatus;

  @ApiProperty({ type: Number, nullable: true, description: 'Size of the zip in bytes, once ready' })
  sizeBytes: number | null;

  @ApiProperty({ type: String, nullable: true, description: 'Why it could not be built, in words' })
  failure: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  readyAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the download stops working (24 h after it was ready)' })
  expiresAt: string | null;

  static from(r: ExportRow): CandidateExportDto {
    return {
      id: r.id,
      candidateId: r.candidate_id,
      status: r.status,
      sizeBytes: r.size_bytes === null ? null : Number(r.size_bytes),
      failure: r.failure,
      createdAt: new Date(r.created_at).toISOString(),
      readyAt: r.ready_at ? new Date(r.ready_at).toISOString() : null,
      expiresAt: r.expires_at ? new Date(r.expires_at).toISOString() : null,
    };
  }
}

export interface ExportRow {
  id: string;
  organization_id: string;
  candidate_id: string;
  status: ExportStatus;
  size_bytes: string | null;
  failure: string | null;
  created_at: Date;
  ready_at: Date | null;
  expires_at: Date | null;
}

export const EXPORT_COLUMNS = 'id, organization_id, candidate_id, status, size_bytes, failure, created_at, ready_at, expires_at';
