import { DomainException, DomainExceptionOptions, ErrorKind } from '../../platform/src/index.js';

export enum ReportingErrorCode {
  Forbidden = 'reporting.forbidden',
  InvalidReportFilter = 'reporting.invalid_report_filter',
}

const KIND: Record<ReportingErrorCode, ErrorKind> = {
  [ReportingErrorCode.Forbidden]: ErrorKind.Forbidden,
  [ReportingErrorCode.InvalidReportFilter]: ErrorKind.Unprocessable,
};

export class ReportingException extends DomainException {
  constructor(code: ReportingErrorCode, message: string, options?: DomainExceptionOptions) {
    super(code, KIND[code], message, options);
  }
}
