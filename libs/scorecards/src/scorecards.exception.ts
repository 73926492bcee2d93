import { DomainException, DomainExceptionOptions, ErrorKind } from '../../platform/src/index.js';

export enum ScorecardsErrorCode {
  InterviewNotFound = 'scorecards.interview_not_found',
  ApplicationNotFound = 'scorecards.application_not_found',
  NotOnPanel = 'scorecards.not_on_panel',
  InvalidScorecard = 'scorecards.invalid_scorecard',
  AlreadySubmitted = 'scorecards.already_submitted',
  NotSubmitted = 'scorecards.not_submitted',
  InterviewCancelled = 'scorecards.interview_cancelled',
  AmendmentWindowClosed = 'scorecards.amendment_window_closed',
}

const KIND: Record<ScorecardsErrorCode, ErrorKind> = {
  [ScorecardsErrorCode.InterviewNotFound]: ErrorKind.NotFound,
  [ScorecardsErrorCode.ApplicationNotFound]: ErrorKind.NotFound,
  [ScorecardsErrorCode.NotOnPanel]: ErrorKind.Forbidden,
  [ScorecardsErrorCode.InvalidScorecard]: ErrorKind.Unprocessable,
  [ScorecardsErrorCode.AlreadySubmitted]: ErrorKind.Conflict,
  [ScorecardsErrorCode.NotSubmitted]: ErrorKind.Conflict,
  [ScorecardsErrorCode.InterviewCancelled]: ErrorKind.Conflict,
  [ScorecardsErrorCode.AmendmentWindowClosed]: ErrorKind.Conflict,
};

export class ScorecardsException extends DomainException {
  constructor(code: ScorecardsErrorCode, message: string, options?: DomainExceptionOptions) {
    super(code, KIND[code], message, options);
  }
}
