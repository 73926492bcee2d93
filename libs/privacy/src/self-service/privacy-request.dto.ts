import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { PageQueryDto, Trim } from '../../../platform/src/index.js';

export enum PrivacyRequestKind {
  Access = 'access',
  Deletion = 'deletion',
}

export enum PrivacyRequestStatus {
  /** The confirmation link was emailed and not used yet. */
  Unconfirmed = 'unconfirmed',
  /** Mail is off (or the candidate cannot be mailed): an admin checks who asked and fulfils or rejects it. */
  AwaitingAdmin = 'awaiting_admin',
  /** Confirmed by the candidate; the export is being built. */
  Confirmed = 'confirmed',
  Fulfilled = 'fulfilled',
  Rejected = 'rejected',
  /** The confirmation link expired unused. */
  Expired = 'expired',
}

export const OPEN_STATUSES: readonly PrivacyRequestStatus[] = [
  PrivacyRequestStatus.Unconfirmed,
  PrivacyRequestStatus.AwaitingAdmin,
  PrivacyRequestStatus.Confirmed,
];

export class PrivacyRequestDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: PrivacyRequestKind, enumName: 'PrivacyRequestKind', description: 'access: a copy of their data; deletion: anonymise them' })
  kind: PrivacyRequestKind;

  @ApiProperty({ description: 'The address the request was made for' })
  email: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  candidateId: string | null;

  @ApiProperty({ enum: PrivacyRequestStatus, enumName: 'PrivacyRequestStatus' })
  status: PrivacyRequestStatus;

  @ApiProperty({ type: String, format: 'date-time', description: 'When it must be fulfilled (organization setting, default 30 days)' })
  deadlineAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  confirmedAt: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The data export made for it (access requests)' })
  exportId: string | null;

  @ApiProperty({ type: String, nullable: true })
  rejectReason: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  decidedAt: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: string;

  static from(r: RequestRow): PrivacyRequestDto {
    const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
    return {
      id: r.id,
      kind: r.kind,
      email: r.email,
      candidateId: r.candidate_id,
      status: r.status,
      deadlineAt: new Date(r.deadline_at).toISOString(),
      confirmedAt: iso(r.confirmed_at),
      exportId: r.export_id,
      rejectReason: r.reject_reason,
      decidedAt: iso(r.decided_at),
      createdAt: new Date(r.created_at).toISOString(),
    };
  }
}

export class PrivacyRequestPageDto {
  @ApiProperty({ type: [PrivacyRequestDto] })
  data: PrivacyRequestDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}

export class ListPrivacyRequestsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['open', 'closed'], description: 'open: still to be handled; closed: fulfilled, rejected or expired' })
  @IsOptional()
  @IsIn(['open', 'closed'])
  state?: 'open' | 'closed';
}

export class RejectPrivacyRequestDto {
  @ApiProperty({ minLength: 1, maxLength: 1000, description: 'Why (kept with the request)' })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  reason: string;
}

export interface RequestRow {
  id: string;
  organization_id: string;
  kind: PrivacyRequestKind;
  email: string;
  candidate_id: string | null;
  status: PrivacyRequestStatus;
  confirm_expires_at: Date | null;
  confirmed_at: Date | null;
  deadline_at: Date;
  export_id: string | null;
  download_expires_at: Date | null;
  reject_reason: string | null;
  decided_at: Date | null;
  created_at: Date;
}

export const REQUEST_COLUMNS =
  'id, organization_id, kind, email, candidate_id, status, confirm_expires_at, confirmed_at, deadline_at, export_id, download_expires_at, reject_reason, decided_at, created_at';
