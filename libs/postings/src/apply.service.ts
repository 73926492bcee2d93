import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable, Logger } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { Redis } from 'ioredis';
import {
  ApplicationIntake,
  CandidateFilesService,
  detectResumeKind,
  MAX_RESUME_BYTES as RESUME_FILE_LIMIT,
  type ResumeKind,
} from '../../pipelines/src/index.js';
import { clientAddressKey, flattenValidationErrors, InjectRedis } from '../../platform/src/index.js';
import { normaliseEmail, SURVEY_FIELDS, type SelfIdentificationAnswers, type SelfIdentificationQuestion } from '../../identity/src/index.js';
import { ApplyDto } from './dto/apply.dto.js';
import { BoardsService } from './boards.service.js';
import { BUILT_IN_BOARDS, PostingStatus } from './posting.types.js';
import { PostingsErrorCode, PostingsException } from './postings.exception.js';

export const MAX_RESUME_BYTES = RESUME_FILE_LIMIT;
const IP_LIMIT = { max: 20, windowSeconds: 600 };
const EMAIL_LIMIT = { max: 5, windowSeconds: 3600 };

export interface UploadedFile {
  field: string;
  filename: string;
  data: Buffer;
}

export type { ResumeKind };

/** The file's type by its content: PDF (`%PDF-`), DOCX (a ZIP holding `word/document.xml`), or UTF-8 text (the pipelines module's rule). */
/** The longest cover letter kept on an application (the apply form's limit for typed text). */
const MAX_COVER_LETTER_CHARS = 20_000;

/** The answers to the questions the organization asks; answers to questions it does not ask are dropped. */
function surveyAnswers(questions: SelfIdentificationQuestion[], input: ApplyDto): SelfIdentificationAnswers | undefined {
  const fields = input as unknown as Record<string, string | undefined>;
  const answers = Object.fromEntries(questions.flatMap((q) => (fields[SURVEY_FIELDS[q]] ? [[q, fields[SURVEY_FIELDS[q]]]] : [])));
  return Object.keys(answers).length ? answers : undefined;
}

export function sniffResume(data: Buffer): ResumeKind | null {
  return detectResumeKind(data);
}

export interface ApplyOutcome {
  applicationId: string | null;
  /** True when the honeypot caught a bot: nothing was written but the answer looks the same. */
  discarded: boolean;
}

/**
 * Public apply, in an order that lets no anonymous request make the API parse a file: the per-IP
 * budget is taken before the body's files are read (`admit`, called first by the controller); then
 * the fields are validated and the per-email budget taken; only then is a file decoded and checked
 * (size, type by its first bytes or a ZIP's directory; nothing inflated or parsed) and stored. Its
 * text is read later by the worker, in a sandbox. The pipelines module dedups the candidate by
 * normalised email and puts the application in the job's first stage with the board as source.
 */
@Injectable()
export class ApplyService {
  private readonly logger = new Logger(ApplyService.name);

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly boards: BoardsService,
    private readonly applications: ApplicationIntake,
    private readonly files: CandidateFilesService,
    @InjectRedis() private readonly redis: Redis,
  ) {}

  /** The per-IP budget (Redis), taken before anything of the body is read: 429 when spent. */
  async admit(ip: string): Promise<void> {
    await this.take([{ key: `apply:ip:${clientAddressKey(ip)}`, ...IP_LIMIT }]);
  }

  /** Call after `admit(ip)`: the request's fields and (not yet inspected) files. */
  async apply(slug: string, publicId: number, fields: Record<string, unknown>, files: UploadedFile[]): Promise<ApplyOutcome> {
    const { org, profile } = await this.boards.organization(slug);
    const rows: Array<{ job_id: string; board: string; status: PostingStatus; valid_through: Date | null }> =
      Number.isSafeInteger(publicId) && publicId > 0
        ? await this.txHost.tx.query('SELECT job_id, board, status, valid_through FROM postings WHERE organization_id = $1 AND public_id = $2', [
            org.id,
            publicId,
          ])
        : [];
    const posting = rows[0];
    if (!posting) throw new PostingsException(PostingsErrorCode.PostingNotFound, 'No such job post.');
    if (posting.status !== PostingStatus.Live || (posting.valid_through && new Date(posting.valid_through).getTime() <= Date.now())) {
      throw new PostingsException(PostingsErrorCode.PostingGone, 'This job is no longer accepting applications.');
    }

    const input = plainToInstance(ApplyDto, fields);
    const problems = flattenValidationErrors(
      await validate(input, { whitelist: true, forbidNonWhitelisted: true, validationError: { target: false, value: false } }),
    );
    const unknownFiles = files.filter((f) => f.field !== 'resume' && f.field !== 'cover_letter');
    for (const f of unknownFiles) problems.push({ field: f.field, message: `unknown field ${f.field}` });
    if (problems.length)
      throw new PostingsException(PostingsErrorCode.InvalidApplication, 'The application has invalid or missing fields.', { errors: problems });
    if (input.website) return { applicationId: null, discarded: true };

    const uploaded = files.find((f) => f.field === 'resume');
    if (!uploaded && !input.resume_content && !input.resume_text?.trim()) {
      throw new PostingsException(PostingsErrorCode.InvalidApplication, 'A resume is required.', {
        errors: [{ field: 'resume', message: 'attach a resume or fill resume_text' }],
      });
    }

    await this.take([{ key: `apply:email:${org.id}:${normaliseEmail(input.email)}`, ...EMAIL_LIMIT }]);

    // Only now, within both budgets, is a file decoded and looked at (its size, then its first bytes).
    const tooLarge = () =>
      new PostingsException(PostingsErrorCode.ResumeTooLarge, 'The resume is larger than 5 MB.', {
        errors: [{ field: 'resume', message: 'resume must be at most 5 MB' }],
      });
    let resume = uploaded;
    if (!resume && input.resume_content) {
      if (Math.floor((input.resume_content.length * 3) / 4) > MAX_RESUME_BYTES + 2) throw tooLarge();
      resume = { field: 'resume', filename: input.resume_content_filename ?? 'resume', data: Buffer.from(input.resume_content, 'base64') };
    }
    if (resume && resume.data.length > MAX_RESUME_BYTES) throw tooLarge();
    for (const file of files.filter((f) => f.field === 'cover_letter')) {
      if (!sniffResume(file.data))
        throw new PostingsException(PostingsErrorCode.UnsupportedFile, 'The cover letter must be a PDF, DOCX or text file.', {
          errors: [{ field: 'cover_letter', message: 'cover_letter must be PDF, DOCX or TXT' }],
        });
    }
    const kind = resume ? sniffResume(resume.data) : null;
    if (resume && !kind) {
      throw new PostingsException(PostingsErrorCode.UnsupportedFile, 'The resume must be a PDF, DOCX or text file.', {
        errors: [{ field: 'resume', message: 'resume must be PDF, DOCX or TXT (checked by content)' }],
      });
    }

    const source = this.sourceOf(input, posting.board);
    // The file is kept (bytes in Postgres) in the application's transaction; the worker reads its text.
    const prepared = resume ? this.files.prepare(resume.filename, resume.data) : undefined;
    // A cover letter may come as text, as a file, or both: the file is kept with the candidate's files, and a plain
    // text file (checked as UTF-8 text, never parsed) is also the application's cover letter when none was typed.
    const coverFile = files.find((f) => f.field === 'cover_letter');
    const typed = (input.cover_letter_text ?? input.cover_letter)?.trim();
    const fromFile =
      !typed && coverFile && sniffResume(coverFile.data) === 'txt' ? coverFile.data.toString('utf8').trim().slice(0, MAX_COVER_LETTER_CHARS) : '';
    const coverLetter = typed || fromFile || undefined;
    const result = await this.applications.applyFromBoard(
      org.id,
      posting.job_id,
      {
        firstName: input.first_name.trim(),
        lastName: input.last_name.trim(),
        email: input.email,
        phone: input.phone?.trim() || undefined,
        resumeText: input.resume_text?.trim() || undefined,
        coverLetter,
        source,
        selfIdentification: surveyAnswers(profile.surveyQuestions, input),
      },
      async (applied) => {
        if (coverFile) {
          await this.files.storeCoverLetter({
            organizationId: org.id,
            candidateId: applied.candidateId,
            fileName: coverFile.filename,
            bytes: coverFile.data,
            actorId: null,
            applicationId: applied.applicationId,
          });
        }
        if (!resume || !prepared) return;
        await this.files.storeResume({
          organizationId: org.id,
          candidateId: applied.candidateId,
          fileName: resume.filename,
          bytes: resume.data,
          actorId: null,
          source,
          applicationId: applied.applicationId,
          jobId: posting.job_id,
          prepared,
        });
      },
    );
    return { applicationId: result.applicationId, discarded: false };
  }

  private sourceOf(input: ApplyDto, postingBoard: string): string {
    const claimed = (input.source ?? input.gh_src ?? input.mapped_url_token ?? '').toLowerCase();
    if (BUILT_IN_BOARDS.includes(claimed)) return claimed;
    return BUILT_IN_BOARDS.includes(postingBoard) ? postingBoard : 'partner';
  }

  /** Counts one attempt against each budget; 429 with Retry-After when one is spent. */
  private async take(keys: Array<{ key: string; max: number; windowSeconds: number }>): Promise<void> {
    let counts: number[];
    try {
      const tx = this.redis.multi();
      for (const k of keys) tx.incr(k.key).expire(k.key, k.windowSeconds, 'NX');
      const results = (await tx.exec()) ?? [];
      counts = keys.map((_, i) => Number(results[i * 2]?.[1] ?? 0));
    } catch (error) {
      this.logger.warn({ error: String(error) }, 'Apply throttle unavailable; letting the application through');
      return;
    }
    const over = keys.find((k, i) => counts[i] > k.max);
    if (over) {
      throw new PostingsException(PostingsErrorCode.TooManyApplications, 'Too many applications; please try again later.', {
        retryAfterSeconds: over.windowSeconds,
      });
    }
  }
}
