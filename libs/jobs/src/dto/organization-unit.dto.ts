import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { PageQueryDto, Trim } from '../../../platform/src/index.js';
import type { Department } from '../department.entity.js';
import type { Office } from '../office.entity.js';
import { IsIsoCountry } from '../reference/validators.js';

export class CreateDepartmentDto {
  @ApiProperty({ example: 'Engineering', maxLength: 120 })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  name: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @IsOptional()
  @IsUUID('all')
  parentId?: string | null;
}

export class UpdateDepartmentDto {
  @ApiPropertyOptional({ maxLength: 120 })
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  name?: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'null detaches from the parent' })
  @ValidateIf((_, value) => value !== null && value !== undefined)
  @IsUUID('all')
  parentId?: string | null;

  @ApiPropertyOptional({ description: 'true archives (no longer offered for new jobs; existing jobs keep it), false restores' })
  @IsOptional()
  @IsBoolean()
  archived?: boolean;
}

export class DepartmentDto {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty()
  name: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  parentId: string | null;
  @ApiProperty({ description: 'Archived: no longer offered for new jobs' })
  archived: boolean;
  @ApiProperty()
  version: number;
  @ApiProperty()
  createdAt: string;
  @ApiProperty()
  updatedAt: string;

  static from(d: Department): DepartmentDto {
    return {
      id: d.id,
      name: d.name,
      parentId: d.parentId,
      archived: d.archivedAt !== null,
      version: d.version,
      createdAt: d.createdAt.toISOString(),
      updatedAt: d.updatedAt.toISOString(),
    };
  }
}

export class DepartmentPageDto {
  @ApiProperty({ type: [DepartmentDto] })
  @Type(() => DepartmentDto)
  data: DepartmentDto[];
  @ApiProperty({ nullable: true, type: String })
  nextCursor: string | null;
}

export class CreateOfficeDto {
  @ApiProperty({ example: 'Berlin HQ', maxLength: 120 })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  name: string;

  @ApiProperty({ example: 'Berlin' })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  city: string;

  @ApiProperty({ example: 'Berlin', description: 'State, province or region' })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  region: string;

  @ApiProperty({ example: 'DE', description: 'ISO 3166-1 alpha-2' })
  @IsIsoCountry()
  country: string;

  @ApiPropertyOptional({ example: '10115' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(20)
  postalCode?: string;

  @ApiPropertyOptional({ example: 'Invalidenstraße 1' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  streetAddress?: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @IsOptional()
  @IsUUID('all')
  parentId?: string | null;
}

export class UpdateOfficeDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  city?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  region?: string;

  @ApiPropertyOptional({ description: 'ISO 3166-1 alpha-2' })
  @IsOptional()
  @IsIsoCountry()
  country?: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @ValidateIf((_, value) => value !== null && value !== undefined)
  @Trim()
  @IsString()
  @MaxLength(20)
  postalCode?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @ValidateIf((_, value) => value !== null && value !== undefined)
  @Trim()
  @IsString()
  @MaxLength(200)
  streetAddress?: string | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @ValidateIf((_, value) => value !== null && value !== undefined)
  @IsUUID('all')
  parentId?: string | null;

  @ApiPropertyOptional({ description: 'true archives (no longer offered for new jobs; existing jobs keep it), false restores' })
  @IsOptional()
  @IsBoolean()
  archived?: boolean;
}

export class OfficeDto {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty()
  name: string;
  @ApiProperty()
  city: string;
  @ApiProperty()
  region: string;
  @ApiProperty()
  country: string;
  @ApiProperty({ nullable: true, type: String })
  postalCode: string | null;
  @ApiProperty({ nullable: true, type: String })
  streetAddress: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  parentId: string | null;
  @ApiProperty({ description: 'Archived: no longer offered for new jobs' })
  archived: boolean;
  @ApiProperty()
  version: number;
  @ApiProperty()
  createdAt: string;
  @ApiProperty()
  updatedAt: string;

  static from(o: Office): OfficeDto {
    return {
      id: o.id,
      name: o.name,
      city: o.city,
      region: o.region,
      country: o.country,
      postalCode: o.postalCode,
      streetAddress: o.streetAddress,
      parentId: o.parentId,
      archived: o.archivedAt !== null,
      version: o.version,
      createdAt: o.createdAt.toISOString(),
      updatedAt: o.updatedAt.toISOString(),
    };
  }
}

export class OfficePageDto {
  @ApiProperty({ type: [OfficeDto] })
  @Type(() => OfficeDto)
  data: OfficeDto[];
  @ApiProperty({ nullable: true, type: String })
  nextCursor: string | null;
}

export class ListUnitsQueryDto extends PageQueryDto {}
