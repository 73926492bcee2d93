import { DomainException, DomainExceptionOptions, ErrorKind } from '../../platform/src/index.js';

export enum OffersErrorCode {
  ApplicationNotFound = 'offers.application_not_found',
  OfferNotFound = 'offers.offer_not_found',
  Forbidden = 'offers.forbidden',
  NotCurrentApprover = 'offers.not_current_approver',
  OutOfTurn = 'offers.out_of_turn',
  IllegalTransition = 'offers.illegal_transition',
  StaleVersion = 'offers.stale_version',
  NotInOfferStage = 'offers.not_in_offer_stage',
  OpenOfferExists = 'offers.open_offer_exists',
  ApplicationClosed = 'offers.application_closed',
  JustificationRequired = 'offers.justification_required',
  MissingFeedback = 'offers.missing_feedback',
  InvalidOffer = 'offers.invalid_offer',
  UnstaffedApprovalStep = 'offers.unstaffed_approval_step',
  InvalidSettings = 'offers.invalid_settings',
  NoStageOfKind = 'offers.no_stage_of_kind',
  InvalidDecision = 'offers.invalid_decision',
  ConcurrentChange = 'offers.concurrent_change',
  DrafterCannotApprove = 'offers.drafter_cannot_approve',
  NoOtherApprover = 'offers.no_other_approver',
}

const KIND: Record<OffersErrorCode, ErrorKind> = {
  [OffersErrorCode.ApplicationNotFound]: ErrorKind.NotFound,
  [OffersErrorCode.OfferNotFound]: ErrorKind.NotFound,
  [OffersErrorCode.Forbidden]: ErrorKind.Forbidden,
  [OffersErrorCode.NotCurrentApprover]: ErrorKind.Forbidden,
  [OffersErrorCode.OutOfTurn]: ErrorKind.Conflict,
  [OffersErrorCode.IllegalTransition]: ErrorKind.Conflict,
  [OffersErrorCode.StaleVersion]: ErrorKind.Conflict,
  [OffersErrorCode.NotInOfferStage]: ErrorKind.Conflict,
  [OffersErrorCode.OpenOfferExists]: ErrorKind.Conflict,
  [OffersErrorCode.ApplicationClosed]: ErrorKind.Conflict,
  [OffersErrorCode.JustificationRequired]: ErrorKind.Unprocessable,
  [OffersErrorCode.MissingFeedback]: ErrorKind.Unprocessable,
  [OffersErrorCode.InvalidOffer]: ErrorKind.Unprocessable,
  [OffersErrorCode.UnstaffedApprovalStep]: ErrorKind.Unprocessable,
  [OffersErrorCode.InvalidSettings]: ErrorKind.Unprocessable,
  [OffersErrorCode.NoStageOfKind]: ErrorKind.Unprocessable,
  [OffersErrorCode.InvalidDecision]: ErrorKind.Unprocessable,
  [OffersErrorCode.ConcurrentChange]: ErrorKind.Conflict,
  [OffersErrorCode.DrafterCannotApprove]: ErrorKind.Forbidden,
  [OffersErrorCode.NoOtherApprover]: ErrorKind.Conflict,
};

export class OffersException extends DomainException {
  constructor(code: OffersErrorCode, message: string, options?: DomainExceptionOptions) {
    super(code, KIND[code], message, options);
  }
}
