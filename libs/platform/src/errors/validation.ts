import { ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError, PlatformErrorCode, PlatformException } from './domain.exception.js';

/** Flattens class-validator errors into field paths such as `salary.min` or `officeIds.2`. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    for (const message of Object.values(error.constraints ?? {})) {
      out.push({ field, message: message.startsWith('property ') ? `unknown field ${field}` : message });
    }
    if (error.children?.length) out.push(...flattenValidationErrors(error.children, field));
  }
  return out;
}

/** The one global validation pipe: unknown fields rejected, types transformed, errors as problem+json. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const fieldErrors = flattenValidationErrors(errors);
      return new PlatformException(PlatformErrorCode.InvalidRequest, 'The request has invalid or unknown fields.', { errors: fieldErrors });
    },
  });
}
