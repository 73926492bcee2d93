import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUrl, MaxLength, MinLength } from 'class-validator';
import { Trim } from '../../../platform/src/index.js';

/**
 * Where an interview happens, as the bodies that set it accept it: scheduling or rescheduling an interview, and a
 * self-scheduling request (mail), whose booking becomes one. The decorators are listed as they would be stacked above
 * the property and applied bottom-up, as stacked ones are, so a value failing several checks lists them in that order.
 */
const stacked = (...decorators: PropertyDecorator[]): PropertyDecorator => applyDecorators(...decorators.reverse());

/** An optional room or address: trimmed, 1–500 characters. */
export const InterviewLocation = (description?: string): PropertyDecorator =>
  stacked(ApiPropertyOptional({ maxLength: 500, ...(description ? { description } : {}) }), IsOptional(), Trim(), IsString(), MinLength(1), MaxLength(500));

/** An optional http(s) video-call link, at most 2,000 characters. */
export const InterviewVideoUrl = (): PropertyDecorator =>
  stacked(ApiPropertyOptional({ maxLength: 2000 }), IsOptional(), IsUrl({ protocols: ['https', 'http'], require_protocol: true }), MaxLength(2000));
