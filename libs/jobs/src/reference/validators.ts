import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import { isIsoCountry } from './countries.js';
import { isIsoCurrency } from './currencies.js';

/** An ISO 3166-1 alpha-2 country code (upper case), or each element of an array when `each` is set. */
export function IsIsoCountry(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isIsoCountry',
      target: object.constructor,
      propertyName,
      options: { message: `${propertyName} must hold ISO 3166-1 alpha-2 country codes such as DE or US`, ...options },
      validator: { validate: (value: unknown) => isIsoCountry(value) },
    });
}

/** An active ISO 4217 currency code (upper case). */
export function IsIsoCurrency(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isIsoCurrency',
      target: object.constructor,
      propertyName,
      options: { message: `${propertyName} must be an ISO 4217 currency code such as USD or EUR`, ...options },
      validator: { validate: (value: unknown) => isIsoCurrency(value) },
    });
}

/** The value must not be smaller than a sibling property (e.g. salary max ≥ min). */
export function IsNotLessThan(property: string, options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isNotLessThan',
      target: object.constructor,
      propertyName,
      constraints: [property],
      options: { message: `${propertyName} must not be less than ${property}`, ...options },
      validator: {
        validate: (value: unknown, args: ValidationArguments) => {
          const other = (args.object as Record<string, unknown>)[property];
          return typeof value !== 'number' || typeof other !== 'number' || value >= other;
        },
      },
    });
}
