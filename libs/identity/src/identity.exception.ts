import { DomainException, DomainExceptionOptions, ErrorKind } from '../../platform/src/index.js';

export enum IdentityErrorCode {
  Unauthenticated = 'identity.unauthenticated',
  InvalidCredentials = 'identity.invalid_credentials',
  TooManyLoginAttempts = 'identity.too_many_login_attempts',
  Forbidden = 'identity.forbidden',
  UserNotFound = 'identity.user_not_found',
  EmailTaken = 'identity.email_taken',
  SlugTaken = 'identity.slug_taken',
  RegistrationClosed = 'identity.registration_closed',
  CannotChangeOwnAccess = 'identity.cannot_change_own_access',
  ApiKeyNotFound = 'identity.api_key_not_found',
  ApiKeyExpiryInPast = 'identity.api_key_expiry_in_past',
  ScopeMissing = 'identity.scope_missing',
  NotForApiKeys = 'identity.not_for_api_keys',
  RateLimited = 'identity.rate_limited',
  PasswordChangeRequired = 'identity.password_change_required',
  InvalidPasswordChange = 'identity.invalid_password_change',
  InvalidSettings = 'identity.invalid_settings',
  EmailNotConfirmed = 'identity.email_not_confirmed',
  InvalidAccountLink = 'identity.invalid_account_link',
  TooManyAccountRequests = 'identity.too_many_account_requests',
  InvalidWorkingHours = 'identity.invalid_working_hours',
  OrganizationRequired = 'identity.organization_required',
}

const KIND: Record<IdentityErrorCode, ErrorKind> = {
  [IdentityErrorCode.Unauthenticated]: ErrorKind.Unauthenticated,
  [IdentityErrorCode.InvalidCredentials]: ErrorKind.Unauthenticated,
  [IdentityErrorCode.TooManyLoginAttempts]: ErrorKind.RateLimited,
  [IdentityErrorCode.Forbidden]: ErrorKind.Forbidden,
  [IdentityErrorCode.UserNotFound]: ErrorKind.NotFound,
  [IdentityErrorCode.EmailTaken]: ErrorKind.Conflict,
  [IdentityErrorCode.SlugTaken]: ErrorKind.Conflict,
  [IdentityErrorCode.RegistrationClosed]: ErrorKind.Forbidden,
  [IdentityErrorCode.CannotChangeOwnAccess]: ErrorKind.Unprocessable,
  [IdentityErrorCode.ApiKeyNotFound]: ErrorKind.NotFound,
  [IdentityErrorCode.ApiKeyExpiryInPast]: ErrorKind.Unprocessable,
  [IdentityErrorCode.ScopeMissing]: ErrorKind.Forbidden,
  [IdentityErrorCode.NotForApiKeys]: ErrorKind.Forbidden,
  [IdentityErrorCode.RateLimited]: ErrorKind.RateLimited,
  [IdentityErrorCode.PasswordChangeRequired]: ErrorKind.Forbidden,
  [IdentityErrorCode.InvalidPasswordChange]: ErrorKind.Unprocessable,
  [IdentityErrorCode.InvalidSettings]: ErrorKind.Unprocessable,
  [IdentityErrorCode.EmailNotConfirmed]: ErrorKind.Forbidden,
  [IdentityErrorCode.InvalidAccountLink]: ErrorKind.Gone,
  [IdentityErrorCode.TooManyAccountRequests]: ErrorKind.RateLimited,
  [IdentityErrorCode.InvalidWorkingHours]: ErrorKind.Unprocessable,
  [IdentityErrorCode.OrganizationRequired]: ErrorKind.Conflict,
};

export class IdentityException extends DomainException {
  constructor(code: IdentityErrorCode, message: string, options?: DomainExceptionOptions) {
    super(code, KIND[code], message, options);
  }
}
