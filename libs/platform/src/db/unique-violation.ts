import { QueryFailedError } from 'typeorm';

/** A PostgreSQL unique-constraint violation (23505), optionally of one named constraint. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const driverError = error instanceof QueryFailedError ? (error.driverError as { code?: string; constraint?: string }) : undefined;
  return driverError?.code === '23505' && (!constraint || driverError.constraint === constraint);
}
