import { registerDecorator } from 'class-validator';

/**
 * An http(s) URL as WHATWG parses it (what the egress guard and the HTTP client see), for addresses someone types
 * (partner boards, webhooks). Whether its host may be reached is the egress guard's question, answered with a 422 by
 * the service.
 */
export function IsHttpUrl() {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isHttpUrl',
      target: object.constructor,
      propertyName,
      validator: {
        validate(value: unknown) {
          if (typeof value !== 'string' || /\s/.test(value)) return false;
          try {
            const url = new URL(value);
            return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
          } catch {
            return false;
          }
        },
        defaultMessage: () => `${propertyName} must be an http:// or https:// address`,
      },
    });
}
