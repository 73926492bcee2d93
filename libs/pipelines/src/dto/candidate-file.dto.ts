import { ApiProperty } from '@nestjs/swagger';

/** A stored candidate file (its bytes are fetched separately). */
export class CandidateFileDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) candidateId: string;
  @ApiProperty({ enum: ['resume'] }) kind: 'resume';
  @ApiProperty({ example: 'jane-doe.pdf' }) fileName: string;
  @ApiProperty({ example: 'application/pdf', description: 'Found from the content, not the name or the claimed type' }) contentType: string;
  @ApiProperty({ maximum: 5 * 1024 * 1024 }) sizeBytes: number;
  @ApiProperty({ description: 'Whether text was extracted from the file (so the candidate search finds its words)' }) textExtracted: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) createdBy: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ description: "The candidate's version after the upload" }) candidateVersion: number;
}

/** The multipart body of a resume upload (documentation only; the handler reads the stream). */
export class UploadResumeDto {
  @ApiProperty({ type: 'string', format: 'binary', description: 'PDF, DOCX or TXT, at most 5 MB, type checked by content' }) resume: unknown;
}
