import { DomainException, DomainExceptionOptions, ErrorKind } from '../../platform/src/index.js';

export enum PrivacyErrorCode {
  CandidateNotFound = 'privacy.candidate_not_found',
  NotDue = 'privacy.not_due',
  InvalidSettings = 'privacy.invalid_settings',
}

const KIND: Record<PrivacyErrorCode, ErrorKind> = {
  [PrivacyErrorCode.CandidateNotFound]: ErrorKind.NotFound,
  [PrivacyErrorCode.NotDue]: ErrorKind.NotFound,
  [PrivacyErrorCode.InvalidSettings]: ErrorKind.Unprocessable,
};

export class PrivacyException extends DomainException {
  constructor(code: PrivacyErrorCode, message: string, options?: DomainExceptionOptions) {
    super(code, KIND[code], message, options);
  }
}

export const candidateNotFound = () => new PrivacyException(PrivacyErrorCode.CandidateNotFound, 'No such candidate.');
