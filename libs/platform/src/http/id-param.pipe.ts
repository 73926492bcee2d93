import { Injectable, PipeTransform } from '@nestjs/common';
import { ErrorKind, DomainException } from '../errors/domain.exception.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: string): boolean => UUID.test(value);

class ResourceNotFoundException extends DomainException {
  constructor() {
    super('request.resource_not_found', ErrorKind.NotFound, 'No such resource.');
  }
}

/** A path id that is not a UUID cannot exist: answered 404, exactly like an unknown id. */
@Injectable()
export class IdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!isUuid(value)) throw new ResourceNotFoundException();
    return value.toLowerCase();
  }
}
