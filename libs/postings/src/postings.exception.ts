import { DomainException, DomainExceptionOptions, ErrorKind } from '../../platform/src/index.js';

export enum PostingsErrorCode {
  JobNotFound = 'postings.job_not_found',
  PostingNotFound = 'postings.posting_not_found',
  BoardNotFound = 'postings.board_not_found',
  JobNotOpen = 'postings.job_not_open',
  JobHasLintErrors = 'postings.job_has_lint_errors',
  UnknownBoard = 'postings.unknown_board',
  NotRetryable = 'postings.not_retryable',
  PartnerBoardNameTaken = 'postings.partner_board_name_taken',
  PartnerBoardNotFound = 'postings.partner_board_not_found',
  PartnerBoardUrlRefused = 'postings.partner_board_url_refused',
  PostingGone = 'postings.posting_gone',
  InvalidQuery = 'postings.invalid_query',
  InvalidApplication = 'postings.invalid_application',
  ResumeTooLarge = 'postings.resume_too_large',
  UnsupportedFile = 'postings.unsupported_file',
  TooManyApplications = 'postings.too_many_applications',
  PayRangeRequired = 'postings.pay_range_required',
  PayRuleNotFound = 'postings.pay_rule_not_found',
  ConsentRequired = 'postings.consent_required',
}

const KIND: Record<PostingsErrorCode, ErrorKind> = {
  [PostingsErrorCode.JobNotFound]: ErrorKind.NotFound,
  [PostingsErrorCode.PostingNotFound]: ErrorKind.NotFound,
  [PostingsErrorCode.BoardNotFound]: ErrorKind.NotFound,
  [PostingsErrorCode.JobNotOpen]: ErrorKind.Conflict,
  [PostingsErrorCode.JobHasLintErrors]: ErrorKind.Unprocessable,
  [PostingsErrorCode.UnknownBoard]: ErrorKind.Unprocessable,
  [PostingsErrorCode.NotRetryable]: ErrorKind.Conflict,
  [PostingsErrorCode.PartnerBoardNameTaken]: ErrorKind.Conflict,
  [PostingsErrorCode.PartnerBoardNotFound]: ErrorKind.NotFound,
  [PostingsErrorCode.PartnerBoardUrlRefused]: ErrorKind.Unprocessable,
  [PostingsErrorCode.PostingGone]: ErrorKind.Gone,
  [PostingsErrorCode.InvalidQuery]: ErrorKind.BadRequest,
  [PostingsErrorCode.InvalidApplication]: ErrorKind.BadRequest,
  [PostingsErrorCode.ConsentRequired]: ErrorKind.BadRequest,
  [PostingsErrorCode.ResumeTooLarge]: ErrorKind.PayloadTooLarge,
  [PostingsErrorCode.UnsupportedFile]: ErrorKind.UnsupportedMediaType,
  [PostingsErrorCode.TooManyApplications]: ErrorKind.RateLimited,
  [PostingsErrorCode.PayRangeRequired]: ErrorKind.Unprocessable,
  [PostingsErrorCode.PayRuleNotFound]: ErrorKind.NotFound,
};

export class PostingsException extends DomainException {
  constructor(code: PostingsErrorCode, message: string, options?: DomainExceptionOptions) {
    super(code, KIND[code], message, options);
  }
}

/** What is kept of a board's answer to a failed delivery: its status and a sanitized excerpt (≤ 200 characters, admins only). */
export interface BoardAnswer {
  status: number;
  excerpt: string | null;
}

/**
 * A delivery that did not happen. `message` is Hireloop's own sentence (shown to everyone who reads
 * the posting); whatever the board answered is only in `answer`.
 */
export abstract class DeliveryError extends Error {
  constructor(
    message: string,
    readonly answer: BoardAnswer | null = null,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
/** A board did not take a delivery but may later (5xx, timeout, network): retried with backoff. */
export class RetryableDeliveryError extends DeliveryError {}
/** A board refused a delivery (4xx, a redirect, a refused address): the posting fails, no retry. */
export class RejectedDeliveryError extends DeliveryError {}
