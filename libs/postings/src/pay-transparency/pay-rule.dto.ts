import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsISO8601, IsOptional, IsUUID, ValidateIf } from 'class-validator';

/** A pay transparency rule as it applies to the organization (a built-in rule, with the organization's override if any). */
export class PayRuleDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ description: 'ISO 3166-1 alpha-2', example: 'US' })
  country: string;

  @ApiProperty({ type: String, nullable: true, description: 'State or region code, null for the whole country', example: 'CO' })
  regionCode: string | null;

  @ApiProperty({ description: 'The jurisdiction in words', example: 'Colorado, United States' })
  jurisdiction: string;

  @ApiProperty({ type: String, format: 'date', description: 'From when postings there must follow it' })
  inForceFrom: string;

  @ApiProperty({ description: 'A posting must state its salary range' })
  requiresRange: boolean;

  @ApiProperty({ description: 'Questions about current or past pay are forbidden' })
  forbidsSalaryHistory: boolean;

  @ApiProperty({ description: 'The law it comes from' })
  source: string;

  @ApiProperty({ description: 'True when the organization changed it (the values above are its own)' })
  overridden: boolean;

  @ApiProperty({ description: 'True when it is in force today' })
  inForce: boolean;
}

export class PayRuleListDto {
  @ApiProperty({ type: [PayRuleDto] })
  data: PayRuleDto[];
}

/** The organization's own version of a built-in rule (built-in rules are shared; edits are per organization). */
export class OverridePayRuleDto {
  // Not documented as a uuid: a rule is a shared built-in (no organization), so it is no tenant row for the cross-tenant sweep.
  @ApiProperty({ description: 'The built-in rule (its id from GET /v1/pay-transparency/rules)' })
  @IsUUID()
  ruleId: string;

  @ApiProperty({ description: 'A posting must state its salary range' })
  @IsBoolean()
  requiresRange: boolean;

  @ApiProperty({ description: 'Questions about current or past pay are forbidden' })
  @IsBoolean()
  forbidsSalaryHistory: boolean;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, description: 'Another date it applies from; null keeps the built-in date' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsISO8601({ strict: true })
  inForceFrom?: string | null;
}
