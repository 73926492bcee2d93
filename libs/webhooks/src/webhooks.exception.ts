import { DomainException, DomainExceptionOptions, ErrorKind } from '../../platform/src/index.js';

export enum WebhooksErrorCode {
  WebhookNotFound = 'webhooks.not_found',
  DeliveryNotFound = 'webhooks.delivery_not_found',
  UrlRefused = 'webhooks.url_refused',
  EventsNotReadable = 'webhooks.events_not_readable',
  InvalidWindow = 'webhooks.invalid_window',
}

const KIND: Record<WebhooksErrorCode, ErrorKind> = {
  [WebhooksErrorCode.WebhookNotFound]: ErrorKind.NotFound,
  [WebhooksErrorCode.DeliveryNotFound]: ErrorKind.NotFound,
  [WebhooksErrorCode.UrlRefused]: ErrorKind.Unprocessable,
  [WebhooksErrorCode.EventsNotReadable]: ErrorKind.Unprocessable,
  [WebhooksErrorCode.InvalidWindow]: ErrorKind.Unprocessable,
};

export class WebhooksException extends DomainException {
  constructor(code: WebhooksErrorCode, message: string, options?: DomainExceptionOptions) {
    super(code, KIND[code], message, options);
  }
}
