import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsDateString,
  IsEnum,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsIsoCurrency } from '../../../jobs/src/index.js';
import { HiringDecisionKind, PayPeriod } from '../offer.types.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
export const MAX_AMOUNT = 100_000_000;
export const MAX_TEXT = 5000;

export class MoneyDto {
  @ApiProperty({ example: 120000, minimum: 0.01 })
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0.01)
  @Max(MAX_AMOUNT)
  amount: number;

  @ApiProperty({ example: 'EUR', description: 'ISO 4217' })
  @IsIsoCurrency()
  currency: string;

  @ApiProperty({ enum: PayPeriod })
  @IsEnum(PayPeriod, { message: `period must be one of ${Object.values(PayPeriod).join(', ')}` })
  period: PayPeriod;
}

export class BonusDto {
  @ApiProperty({ example: 10000 })
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0.01)
  @Max(MAX_AMOUNT)
  amount: number;

  @ApiProperty({ example: 'EUR' })
  @IsIsoCurrency()
  currency: string;

  @ApiPropertyOptional({ example: 'signing', maxLength: 100 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(100)
  kind?: string;
}

export class EquityDto {
  @ApiProperty({ example: 4000, description: 'Units of options/RSUs, or a percentage when type is percent' })
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 4 })
  @Min(0.0001)
  @Max(MAX_AMOUNT)
  amount: number;

  @ApiProperty({ enum: ['options', 'rsu', 'percent'] })
  @IsIn(['options', 'rsu', 'percent'])
  type: 'options' | 'rsu' | 'percent';

  @ApiPropertyOptional({ minimum: 1, maximum: 10 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10)
  vestingYears?: number;
}

export class CreateOfferDto {
  @ApiProperty({ type: MoneyDto })
  @ValidateNested()
  @Type(() => MoneyDto)
  base: MoneyDto;

  @ApiPropertyOptional({ type: BonusDto, nullable: true })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @ValidateNested()
  @Type(() => BonusDto)
  bonus?: BonusDto | null;

  @ApiPropertyOptional({ type: EquityDto, nullable: true })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @ValidateNested()
  @Type(() => EquityDto)
  equity?: EquityDto | null;

  @ApiProperty({ example: '2026-03-01', description: 'YYYY-MM-DD' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'startDate must be a date as YYYY-MM-DD' })
  @IsDateString({ strict: true })
  startDate: string;

  @ApiProperty({ example: '2026-02-01T17:00:00Z', description: 'ISO 8601 date-time; the offer expires then unless accepted' })
  @IsDateString({ strict: true })
  expiresAt: string;

  @ApiPropertyOptional({ maxLength: MAX_TEXT })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(MAX_TEXT)
  notes?: string;

  @ApiPropertyOptional({ maxLength: MAX_TEXT, description: 'Required when the offer is outside the job band or in another currency' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_TEXT)
  justification?: string;
}

export class UpdateOfferDto {
  @ApiProperty({ description: 'The version you read; 409 when the offer changed since' })
  @IsInt()
  @Min(1)
  version: number;

  @ApiPropertyOptional({ type: MoneyDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => MoneyDto)
  base?: MoneyDto;

  @ApiPropertyOptional({ type: BonusDto, nullable: true, description: 'null removes the bonus' })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @ValidateNested()
  @Type(() => BonusDto)
  bonus?: BonusDto | null;

  @ApiPropertyOptional({ type: EquityDto, nullable: true, description: 'null removes the equity' })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @ValidateNested()
  @Type(() => EquityDto)
  equity?: EquityDto | null;

  @ApiPropertyOptional({ example: '2026-03-01' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'startDate must be a date as YYYY-MM-DD' })
  @IsDateString({ strict: true })
  startDate?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsDateString({ strict: true })
  expiresAt?: string;

  @ApiPropertyOptional({ maxLength: MAX_TEXT, nullable: true })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @Transform(trim)
  @IsString()
  @MaxLength(MAX_TEXT)
  notes?: string | null;

  @ApiPropertyOptional({ maxLength: MAX_TEXT, nullable: true })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_TEXT)
  justification?: string | null;
}

/** Body of submit, send, accept: optionally the version read, for a 409 when it changed. */
export class OfferTransitionDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class ApproveOfferDto extends OfferTransitionDto {
  @ApiPropertyOptional({ maxLength: MAX_TEXT })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(MAX_TEXT)
  comment?: string;
}

export class RejectOfferDto extends OfferTransitionDto {
  @ApiProperty({ maxLength: MAX_TEXT, description: 'Why; the offer returns to draft with it' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_TEXT)
  comment: string;
}

export class DeclineOfferDto extends OfferTransitionDto {
  @ApiPropertyOptional({
    maxLength: 1000,
    example: 'Accepted another offer',
    description: 'The reason the candidate gave, in free text; required unless reasonId is given',
  })
  @ValidateIf((o: DeclineOfferDto) => o.reasonId === undefined || o.reason !== undefined)
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  reason?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "One of the organization's rejection reasons of kind 'declined' (GET /v1/rejection-reasons)" })
  @IsOptional()
  @IsUUID('all')
  reasonId?: string;
}

export class WithdrawOfferDto extends OfferTransitionDto {
  @ApiPropertyOptional({ maxLength: 1000 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

export class DecisionDto {
  @ApiProperty({ enum: HiringDecisionKind })
  @IsEnum(HiringDecisionKind, { message: 'decision must be one of offer, reject' })
  decision: HiringDecisionKind;

  @ApiProperty({ minLength: 20, maxLength: MAX_TEXT, description: 'Why, in at least a sentence' })
  @Transform(trim)
  @IsString()
  @MinLength(20, { message: 'rationale must be at least a sentence (20 characters or more)' })
  @Matches(/^\s*\S+\s+\S+\s+\S/, { message: 'rationale must be at least a sentence (three words or more)' })
  @MaxLength(MAX_TEXT)
  rationale: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Rejection reason; required when rejecting' })
  @ValidateIf((o: DecisionDto) => o.decision === HiringDecisionKind.Reject || o.reasonId !== undefined)
  @IsUUID('all', { message: 'reasonId must be the id of a rejection reason (required when rejecting)' })
  reasonId?: string;

  @ApiPropertyOptional({ description: 'Decide although scorecards are still owed' })
  @IsOptional()
  @IsBoolean()
  acknowledgeMissingFeedback?: boolean;
}
