import { DomainException, DomainExceptionOptions, ErrorKind } from '../../platform/src/index.js';

export enum MailErrorCode {
  ApplicationNotFound = 'mail.application_not_found',
  CandidateNotFound = 'mail.candidate_not_found',
  EmailNotFound = 'mail.email_not_found',
  Forbidden = 'mail.forbidden',
  NoAddress = 'mail.no_address',
  DoNotContact = 'mail.do_not_contact',
  AlreadySent = 'mail.already_sent',
  InvalidSendAt = 'mail.invalid_send_at',
  InvalidUnsubscribeLink = 'mail.invalid_unsubscribe_link',
  TemplateNotFound = 'mail.template_not_found',
  BuiltInTemplate = 'mail.built_in_template',
  InvalidTemplate = 'mail.invalid_template',
  InboundUnauthorized = 'mail.inbound_unauthorized',
  InvalidInboundEmail = 'mail.invalid_inbound_email',
  InvalidSchedulingRequest = 'mail.invalid_scheduling_request',
  SlotTaken = 'mail.slot_taken',
  InboxItemNotFound = 'mail.inbox_item_not_found',
  InboxItemHandled = 'mail.inbox_item_handled',
}

const KIND: Record<MailErrorCode, ErrorKind> = {
  [MailErrorCode.ApplicationNotFound]: ErrorKind.NotFound,
  [MailErrorCode.CandidateNotFound]: ErrorKind.NotFound,
  [MailErrorCode.EmailNotFound]: ErrorKind.NotFound,
  [MailErrorCode.Forbidden]: ErrorKind.Forbidden,
  [MailErrorCode.NoAddress]: ErrorKind.Unprocessable,
  [MailErrorCode.DoNotContact]: ErrorKind.Unprocessable,
  [MailErrorCode.AlreadySent]: ErrorKind.Conflict,
  [MailErrorCode.InvalidSendAt]: ErrorKind.Unprocessable,
  [MailErrorCode.InvalidUnsubscribeLink]: ErrorKind.NotFound,
  [MailErrorCode.TemplateNotFound]: ErrorKind.NotFound,
  [MailErrorCode.BuiltInTemplate]: ErrorKind.Conflict,
  [MailErrorCode.InvalidTemplate]: ErrorKind.Unprocessable,
  [MailErrorCode.InboundUnauthorized]: ErrorKind.Unauthenticated,
  [MailErrorCode.InvalidInboundEmail]: ErrorKind.BadRequest,
  [MailErrorCode.InvalidSchedulingRequest]: ErrorKind.Unprocessable,
  [MailErrorCode.SlotTaken]: ErrorKind.Conflict,
  [MailErrorCode.InboxItemNotFound]: ErrorKind.NotFound,
  [MailErrorCode.InboxItemHandled]: ErrorKind.Conflict,
};

export class MailException extends DomainException {
  constructor(code: MailErrorCode, message: string, options?: DomainExceptionOptions) {
    super(code, KIND[code], message, options);
  }
}

export const applicationNotFound = () => new MailException(MailErrorCode.ApplicationNotFound, 'No such application.');
export const candidateNotFound = () => new MailException(MailErrorCode.CandidateNotFound, 'No such candidate.');
export const emailNotFound = () => new MailException(MailErrorCode.EmailNotFound, 'No such email.');
export const mailForbidden = () => new MailException(MailErrorCode.Forbidden, 'You may see this application but not write to its candidate.');
