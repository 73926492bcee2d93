import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { IsHttpUrl } from '../../../platform/src/index.js';
import { PartnerBoard } from '../partner-board.entity.js';

export class CreatePartnerBoardDto {
  @ApiProperty({ maxLength: 100 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;

  @ApiProperty({ description: 'http(s) endpoint receiving signed JSON events', maxLength: 2000 })
  @IsString()
  @MaxLength(2000)
  @IsHttpUrl()
  url: string;

  @ApiProperty({ description: 'HMAC-SHA256 key for X-Hireloop-Signature; never returned', minLength: 16, maxLength: 200 })
  @IsString()
  @MinLength(16)
  @MaxLength(200)
  secret: string;
}

export class UpdatePartnerBoardDto {
  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({ description: 'http(s) endpoint receiving signed JSON events', maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @IsHttpUrl()
  url?: string;

  @ApiPropertyOptional({ description: 'New HMAC-SHA256 key; never returned', minLength: 16, maxLength: 200 })
  @IsOptional()
  @IsString()
  @MinLength(16)
  @MaxLength(200)
  secret?: string;

  @ApiPropertyOptional({ description: 'An inactive board cannot be chosen for new postings' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

/** A partner board as the API shows it: never the secret. */
export class PartnerBoardDto {
  @ApiProperty({ description: 'Usable in `boards` when posting a job' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() url: string;
  @ApiProperty() active: boolean;
  @ApiProperty() createdAt: string;

  static from(b: PartnerBoard): PartnerBoardDto {
    return { id: b.id, name: b.name, url: b.url, active: b.active, createdAt: b.createdAt.toISOString() };
  }
}

export class PartnerBoardListDto {
  @ApiProperty({ type: [PartnerBoardDto] }) data: PartnerBoardDto[];
}
