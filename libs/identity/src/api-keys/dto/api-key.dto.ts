import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsDate, IsEnum, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { PageQueryDto, Trim } from '../../../../platform/src/index.js';
import { ALL_SCOPES, ApiScope } from '../api-scopes.js';

export class CreateApiKeyDto {
  @ApiProperty({ example: 'HRIS sync', maxLength: 100 })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @ApiProperty({ enum: ApiScope, isArray: true, example: ['jobs:read', 'candidates:read'] })
  @ArrayMinSize(1)
  @ArrayMaxSize(ALL_SCOPES.length)
  @ArrayUnique()
  @IsEnum(ApiScope, { each: true, message: `each scope must be one of ${ALL_SCOPES.join(', ')}` })
  scopes: ApiScope[];

  @ApiPropertyOptional({ format: 'date-time', description: 'After this time the key is refused (401); omitted = never expires' })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'expiresAt must be a date-time' })
  expiresAt?: Date;
}

export class ApiKeyCreatorDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;
}

export class ApiKeyDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ description: 'The first characters of the key, to tell keys apart', example: 'hl_3kT9aZ' })
  prefix: string;

  @ApiProperty({ enum: ApiScope, isArray: true })
  scopes: ApiScope[];

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  expiresAt: string | null;

  @ApiProperty({ type: ApiKeyCreatorDto, nullable: true, description: 'The admin who created the key (and whom it acts for)' })
  createdBy: ApiKeyCreatorDto | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Updated at most once a minute' })
  lastUsedAt: string | null;
}

export class CreatedApiKeyDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty()
  prefix: string;

  @ApiProperty({ enum: ApiScope, isArray: true })
  scopes: ApiScope[];

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  expiresAt: string | null;

  @ApiProperty({ description: 'The key itself, shown this once: `Authorization: Bearer <key>`' })
  key: string;
}

export class ApiKeyPageDto {
  @ApiProperty({ type: [ApiKeyDto] })
  data: ApiKeyDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}

export class ListApiKeysQueryDto extends PageQueryDto {}
