import { ApiProperty } from '@nestjs/swagger';
import { TEXT_STATUSES, type TextStatus } from '../resume-content.js';

/** A stored candidate file (its bytes are fetched separately). */
export class CandidateFileDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) candidateId: string;
  @ApiProperty({ enum: ['resume'] }) kind: 'resume';
  @ApiProperty({ example: 'jane-doe.pdf' }) fileName: string;
  @ApiProperty({ example: 'application/pdf', description: 'Found from the content, not the name or the claimed type' }) contentType: string;
  @ApiProperty({ maximum: 5 * 1024 * 1024 }) sizeBytes: number;
  @ApiProperty({ description: 'Whether text was extracted from the file (so the candidate search finds its words); false while pending' })
  textExtracted: boolean;
  @ApiProperty({
    enum: TEXT_STATUSES,
    description:
      'The file is read by the worker, in a sandbox, after the upload: `pending` until then; `extracted` (searchable), `empty` (no text in it, e.g. a scan) or `failed` (see textFailure)',
  })
  textStatus: TextStatus;
  @ApiProperty({ nullable: true, type: String, description: 'Why the text could not be read (a sentence), when textStatus is failed' }) textFailure:
    string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) createdBy: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ description: "The candidate's version after the upload" }) candidateVersion: number;
}

/** The multipart body of a resume upload (documentation only; the handler reads the stream). */
export class UploadResumeDto {
  @ApiProperty({ type: 'string', format: 'binary', description: 'PDF, DOCX or TXT, at most 5 MB, type checked by content' }) resume: unknown;
}
