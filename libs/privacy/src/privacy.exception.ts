import { DomainException, DomainExceptionOptions, ErrorKind } from '../../platform/src/index.js';

export enum PrivacyErrorCode {
  CandidateNotFound = 'privacy.candidate_not_found',
  ExportNotFound = 'privacy.export_not_found',
  ExportNotReady = 'privacy.export_not_ready',
  ExportExpired = 'privacy.export_expired',
  RequestNotFound = 'privacy.request_not_found',
  RequestClosed = 'privacy.request_closed',
  LinkInvalid = 'privacy.link_invalid',
  TooManyRequests = 'privacy.too_many_requests',
  NotDue = 'privacy.not_due',
  InvalidSettings = 'privacy.invalid_settings',
}

const KIND: Record<PrivacyErrorCode, ErrorKind> = {
  [PrivacyErrorCode.CandidateNotFound]: ErrorKind.NotFound,
  [PrivacyErrorCode.ExportNotFound]: ErrorKind.NotFound,
  [PrivacyErrorCode.ExportNotReady]: ErrorKind.Conflict,
  [PrivacyErrorCode.ExportExpired]: ErrorKind.Gone,
  [PrivacyErrorCode.RequestNotFound]: ErrorKind.NotFound,
  [PrivacyErrorCode.RequestClosed]: ErrorKind.Conflict,
  [PrivacyErrorCode.LinkInvalid]: ErrorKind.Gone,
  [PrivacyErrorCode.TooManyRequests]: ErrorKind.RateLimited,
  [PrivacyErrorCode.NotDue]: ErrorKind.NotFound,
  [PrivacyErrorCode.InvalidSettings]: ErrorKind.Unprocessable,
};

export class PrivacyException extends DomainException {
  constructor(code: PrivacyErrorCode, message: string, options?: DomainExceptionOptions) {
    super(code, KIND[code], message, options);
  }
}

export const exportNotFound = () => new PrivacyException(PrivacyErrorCode.ExportNotFound, 'No such data export.');
export const requestNotFound = () => new PrivacyException(PrivacyErrorCode.RequestNotFound, 'No such privacy request.');
export const candidateNotFound = () => new PrivacyException(PrivacyErrorCode.CandidateNotFound, 'No such candidate.');
