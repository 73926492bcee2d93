import { DomainException, DomainExceptionOptions, ErrorKind } from '../../platform/src/index.js';

export enum PipelinesErrorCode {
  Forbidden = 'pipelines.forbidden',
  CandidateNotFound = 'pipelines.candidate_not_found',
  ApplicationNotFound = 'pipelines.application_not_found',
  JobNotFound = 'pipelines.job_not_found',
  NoteNotFound = 'pipelines.note_not_found',
  NotificationNotFound = 'pipelines.notification_not_found',
  EmailTaken = 'pipelines.email_taken',
  StaleVersion = 'pipelines.stale_version',
  ActiveApplicationExists = 'pipelines.active_application_exists',
  ApplicationNotActive = 'pipelines.application_not_active',
  ApplicationNotClosed = 'pipelines.application_not_closed',
  JobClosed = 'pipelines.job_closed',
  JobHasNoStages = 'pipelines.job_has_no_stages',
  StageNotInJob = 'pipelines.stage_not_in_job',
  AlreadyInStage = 'pipelines.already_in_stage',
  RejectionReasonNotFound = 'pipelines.rejection_reason_not_found',
  RejectionReasonTaken = 'pipelines.rejection_reason_taken',
  CannotMergeWithItself = 'pipelines.cannot_merge_with_itself',
  CandidateMerged = 'pipelines.candidate_merged',
  CandidateHasHire = 'pipelines.candidate_has_hire',
  CandidateHasUpcomingInterviews = 'pipelines.candidate_has_upcoming_interviews',
  ResumeTooLarge = 'pipelines.resume_too_large',
  UnsupportedResume = 'pipelines.unsupported_resume',
  ResumeMissing = 'pipelines.resume_missing',
  ResumeNotFound = 'pipelines.resume_not_found',
}

const KIND: Record<PipelinesErrorCode, ErrorKind> = {
  [PipelinesErrorCode.Forbidden]: ErrorKind.Forbidden,
  [PipelinesErrorCode.CandidateNotFound]: ErrorKind.NotFound,
  [PipelinesErrorCode.ApplicationNotFound]: ErrorKind.NotFound,
  [PipelinesErrorCode.JobNotFound]: ErrorKind.NotFound,
  [PipelinesErrorCode.NoteNotFound]: ErrorKind.NotFound,
  [PipelinesErrorCode.NotificationNotFound]: ErrorKind.NotFound,
  [PipelinesErrorCode.EmailTaken]: ErrorKind.Conflict,
  [PipelinesErrorCode.StaleVersion]: ErrorKind.Conflict,
  [PipelinesErrorCode.ActiveApplicationExists]: ErrorKind.Conflict,
  [PipelinesErrorCode.ApplicationNotActive]: ErrorKind.Conflict,
  [PipelinesErrorCode.ApplicationNotClosed]: ErrorKind.Conflict,
  [PipelinesErrorCode.JobClosed]: ErrorKind.Conflict,
  [PipelinesErrorCode.JobHasNoStages]: ErrorKind.Unprocessable,
  [PipelinesErrorCode.StageNotInJob]: ErrorKind.Unprocessable,
  [PipelinesErrorCode.AlreadyInStage]: ErrorKind.Unprocessable,
  [PipelinesErrorCode.RejectionReasonNotFound]: ErrorKind.Unprocessable,
  [PipelinesErrorCode.RejectionReasonTaken]: ErrorKind.Conflict,
  [PipelinesErrorCode.CannotMergeWithItself]: ErrorKind.Unprocessable,
  [PipelinesErrorCode.CandidateMerged]: ErrorKind.Conflict,
  [PipelinesErrorCode.CandidateHasHire]: ErrorKind.Conflict,
  [PipelinesErrorCode.CandidateHasUpcomingInterviews]: ErrorKind.Conflict,
  [PipelinesErrorCode.ResumeTooLarge]: ErrorKind.PayloadTooLarge,
  [PipelinesErrorCode.UnsupportedResume]: ErrorKind.UnsupportedMediaType,
  [PipelinesErrorCode.ResumeMissing]: ErrorKind.BadRequest,
  [PipelinesErrorCode.ResumeNotFound]: ErrorKind.NotFound,
};

export class PipelinesException extends DomainException {
  constructor(code: PipelinesErrorCode, message: string, options?: DomainExceptionOptions) {
    super(code, KIND[code], message, options);
  }
}

export const candidateNotFound = () => new PipelinesException(PipelinesErrorCode.CandidateNotFound, 'No such candidate.');
export const applicationNotFound = () => new PipelinesException(PipelinesErrorCode.ApplicationNotFound, 'No such application.');
export const jobNotFound = (field?: string) =>
  new PipelinesException(PipelinesErrorCode.JobNotFound, 'No such job.', field ? { errors: [{ field, message: 'no such job' }] } : undefined);
export const forbidden = (message = 'Your role may not change this.') => new PipelinesException(PipelinesErrorCode.Forbidden, message);
export const staleVersion = (field: string, current: number) =>
  new PipelinesException(PipelinesErrorCode.StaleVersion, 'Someone else changed this first; reload and retry.', {
    errors: [{ field, message: `expected version is stale (current version is ${current})` }],
    extensions: { currentVersion: current },
  });
