import { DomainException, DomainExceptionOptions, ErrorKind } from '../../platform/src/index.js';

export enum InterviewsErrorCode {
  KitNotFound = 'interviews.kit_not_found',
  KitRevisionNotFound = 'interviews.kit_revision_not_found',
  BuiltInKitReadOnly = 'interviews.built_in_kit_read_only',
  InvalidKit = 'interviews.invalid_kit',
  KitKeyTaken = 'interviews.kit_key_taken',
  InterviewNotFound = 'interviews.interview_not_found',
  ApplicationNotFound = 'interviews.application_not_found',
  StageNotFound = 'interviews.stage_not_found',
  InvalidInterviewers = 'interviews.invalid_interviewers',
  InvalidSchedule = 'interviews.invalid_schedule',
  DoubleBooked = 'interviews.double_booked',
  StaleVersion = 'interviews.stale_version',
  InterviewCancelled = 'interviews.interview_cancelled',
  NotAllowed = 'interviews.not_allowed',
}

const KIND: Record<InterviewsErrorCode, ErrorKind> = {
  [InterviewsErrorCode.KitNotFound]: ErrorKind.NotFound,
  [InterviewsErrorCode.KitRevisionNotFound]: ErrorKind.NotFound,
  [InterviewsErrorCode.BuiltInKitReadOnly]: ErrorKind.Forbidden,
  [InterviewsErrorCode.InvalidKit]: ErrorKind.Unprocessable,
  [InterviewsErrorCode.KitKeyTaken]: ErrorKind.Conflict,
  [InterviewsErrorCode.InterviewNotFound]: ErrorKind.NotFound,
  [InterviewsErrorCode.ApplicationNotFound]: ErrorKind.NotFound,
  [InterviewsErrorCode.StageNotFound]: ErrorKind.Unprocessable,
  [InterviewsErrorCode.InvalidInterviewers]: ErrorKind.Unprocessable,
  [InterviewsErrorCode.InvalidSchedule]: ErrorKind.Unprocessable,
  [InterviewsErrorCode.DoubleBooked]: ErrorKind.Conflict,
  [InterviewsErrorCode.StaleVersion]: ErrorKind.Conflict,
  [InterviewsErrorCode.InterviewCancelled]: ErrorKind.Conflict,
  [InterviewsErrorCode.NotAllowed]: ErrorKind.Forbidden,
};

export class InterviewsException extends DomainException {
  constructor(code: InterviewsErrorCode, message: string, options?: DomainExceptionOptions) {
    super(code, KIND[code], message, options);
  }
}

export function interviewNotFound(): InterviewsException {
  return new InterviewsException(InterviewsErrorCode.InterviewNotFound, 'No such interview.');
}
