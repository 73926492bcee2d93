import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';

export class FieldErrorDto {
  @ApiProperty({ example: 'salary.min' })
  field: string;

  @ApiProperty({ example: 'min must not be greater than max' })
  message: string;
}

/** RFC 9457 problem document, the body of every error response. */
export class ProblemDto {
  @ApiProperty({ example: 'https://hireloop.dev/problems/request.invalid' })
  type: string;

  @ApiProperty({ example: 'Bad Request' })
  title: string;

  @ApiProperty({ example: 400 })
  status: number;

  @ApiProperty({ example: 'The request has invalid or unknown fields.' })
  detail: string;

  @ApiPropertyOptional({ example: '/v1/users' })
  instance?: string;

  @ApiProperty({ example: 'request.invalid', description: 'Stable machine-readable error code' })
  code: string;

  @ApiPropertyOptional({ description: 'Correlation id of the request (x-request-id)' })
  requestId?: string;

  @ApiPropertyOptional({ type: [FieldErrorDto] })
  errors?: FieldErrorDto[];
}

export const PROBLEM_SCHEMA_REF = { $ref: getSchemaPath(ProblemDto) };

const DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed body, unknown or missing fields',
  401: 'Missing, tampered or expired token',
  403: 'The role may not do this',
  404: 'No such resource in your organization',
  409: 'Duplicate or stale write',
  410: 'No longer available',
  413: 'Body over the size limit',
  415: 'Unsupported media type',
  422: 'Valid shape, but breaks a rule',
  429: 'Too many attempts; see Retry-After',
};

/** Documents the problem+json error responses a route can give. */
export function ApiProblems(...statuses: number[]) {
  return applyDecorators(
    ApiExtraModels(ProblemDto, FieldErrorDto),
    ...statuses.map((status) =>
      ApiResponse({ status, description: DESCRIPTIONS[status] ?? 'Error', content: { 'application/problem+json': { schema: PROBLEM_SCHEMA_REF } } }),
    ),
  );
}
