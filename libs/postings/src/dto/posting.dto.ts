import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsDate,
  IsOptional,
  IsString,
  MaxLength,
  registerDecorator,
  ValidationArguments,
} from 'class-validator';
import { isoTimestampSql } from '../../../platform/src/index.js';
import { Posting } from '../posting.entity.js';
import { PostingEvent } from '../posting-event.entity.js';
import { BuiltInBoard, type PostingOverrides, PostingStatus } from '../posting.types.js';

export const MAX_BOARDS_PER_REQUEST = 20;
export const MAX_OVERRIDE_TITLE = 200;
export const MAX_OVERRIDE_DESCRIPTION = 50_000;

/** `{ [board]: { title?, description? } }` with only those two string members. */
function IsBoardOverrides() {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isBoardOverrides',
      target: object.constructor,
      propertyName,
      validator: {
        validate(value: unknown) {
          if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
          const entries = Object.entries(value as Record<string, unknown>);
          if (entries.length > MAX_BOARDS_PER_REQUEST) return false;
          return entries.every(([, v]) => {
            if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
            const o = v as Record<string, unknown>;
            return (
              Object.keys(o).every((k) => k === 'title' || k === 'description') &&
              (o.title === undefined || (typeof o.title === 'string' && o.title.trim().length > 0 && o.title.length <= MAX_OVERRIDE_TITLE)) &&
              (o.description === undefined ||
                (typeof o.description === 'string' && o.description.trim().length > 0 && o.description.length <= MAX_OVERRIDE_DESCRIPTION))
            );
          });
        },
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property} must map board keys to {title?, description?} (title up to ${MAX_OVERRIDE_TITLE}, description up to ${MAX_OVERRIDE_DESCRIPTION} characters)`,
      },
    });
}

export class CreatePostingsDto {
  @ApiProperty({ type: [String], description: '`careers`, `indeed`, `linkedin` or partner-board ids', example: ['careers', 'indeed', 'linkedin'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BOARDS_PER_REQUEST)
  @ArrayUnique()
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  boards: string[];

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'The posting expires (leaves every board) at this time' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  validThrough?: Date;

  @ApiPropertyOptional({
    description: 'Per board: { title?, description? } replacing the job’s own',
    example: { indeed: { title: 'Senior Backend Engineer (Go)' } },
  })
  @IsOptional()
  @IsBoardOverrides()
  overrides?: Record<string, PostingOverrides>;
}

export class PostingEventDto {
  @ApiProperty({ enum: PostingStatus, nullable: true }) from: PostingStatus | null;
  @ApiProperty({ enum: PostingStatus }) to: PostingStatus;
  @ApiProperty({ nullable: true }) reason: string | null;
  @ApiProperty() at: string;

  static from(e: PostingEvent): PostingEventDto {
    return { from: e.fromStatus, to: e.toStatus, reason: e.reason, at: e.createdAt.toISOString() };
  }
}

export class PostingDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'Integer id on public boards' }) publicId: number;
  @ApiProperty() jobId: string;
  @ApiProperty({ description: '`careers`, `indeed`, `linkedin` or a partner-board id' }) board: string;
  @ApiProperty({ enum: PostingStatus }) status: PostingStatus;
  @ApiProperty({ nullable: true }) externalId: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'What went wrong with the last delivery, in Hireloop’s words (never the board’s answer)' })
  lastError: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'HTTP status the board answered the last failed delivery with' })
  lastErrorStatus: number | null;
  @ApiProperty({ nullable: true, type: String, description: 'At most 200 sanitized characters of that answer; admins only (null for other roles)' })
  lastErrorExcerpt: string | null;
  @ApiProperty() attempts: number;
  @ApiProperty({ nullable: true, type: String }) validThrough: string | null;
  @ApiProperty({ description: '{title?, description?}' }) overrides: PostingOverrides;
  @ApiProperty({ nullable: true, type: String }) publishedAt: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Public page of a careers posting' }) url: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
  @ApiProperty({ type: [PostingEventDto] }) history: PostingEventDto[];

  /** `showExcerpt`: the reader is an admin (only admins see what a board answered). */
  static from(p: Posting, history: PostingEvent[], url: string | null, showExcerpt: boolean): PostingDto {
    return {
      id: p.id,
      publicId: Number(p.publicId),
      jobId: p.jobId,
      board: p.board,
      status: p.status,
      externalId: p.externalId,
      lastError: p.lastError,
      lastErrorStatus: p.lastErrorStatus,
      lastErrorExcerpt: showExcerpt ? p.lastErrorExcerpt : null,
      attempts: p.attempts,
      validThrough: p.validThrough ? p.validThrough.toISOString() : null,
      overrides: p.overrides ?? {},
      publishedAt: p.publishedAt ? p.publishedAt.toISOString() : null,
      url,
      createdAt: p.createdAt.toISOString(),
      updatedAt: p.updatedAt.toISOString(),
      history: history.map((e) => PostingEventDto.from(e)),
    };
  }
}

/**
 * `PostingDto.from(p, history, url, false)` written in SQL, for JSON Postgres builds itself (the events of a batch going
 * live): the same fields, values and formats, the board's answer left out as for a reader who is not an admin. `p` is
 * the alias of a `postings` row; `careersUrl` a parameter holding the organization's careers page (`OrgProfile.careersUrl`),
 * from which a careers posting's `url` is made as `jobUrl` makes it. Keep the two in step: the postings e2e compares
 * an event built here with `GET /v1/postings/{id}`.
 */
export function postingDtoJsonSql(p: string, careersUrl: string): string {
  const iso = (column: string) => isoTimestampSql(`${p}.${column}`);
  return `jsonb_build_object(
    'id', ${p}.id, 'publicId', ${p}.public_id, 'jobId', ${p}.job_id, 'board', ${p}.board, 'status', ${p}.status,
    'externalId', ${p}.external_id, 'lastError', ${p}.last_error, 'lastErrorStatus', ${p}.last_error_status, 'lastErrorExcerpt', NULL::text,
    'attempts', ${p}.attempts, 'validThrough', ${iso('valid_through')}, 'overrides', COALESCE(${p}.overrides, '{}'::jsonb),
    'publishedAt', ${iso('published_at')},
    'url', CASE WHEN ${p}.board = '${BuiltInBoard.Careers}' THEN ${careersUrl}::text || '/jobs/' || ${p}.public_id END,
    'createdAt', ${iso('created_at')}, 'updatedAt', ${iso('updated_at')},
    'history', COALESCE((SELECT jsonb_agg(jsonb_build_object('from', e.from_status, 'to', e.to_status, 'reason', e.reason, 'at', ${isoTimestampSql('e.created_at')}) ORDER BY e.id)
                           FROM posting_events e WHERE e.posting_id = ${p}.id), '[]'::jsonb))`;
}

export class PostingListDto {
  @ApiProperty({ type: [PostingDto] }) data: PostingDto[];
}
