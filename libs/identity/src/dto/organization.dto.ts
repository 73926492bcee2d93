import { ApiProperty } from '@nestjs/swagger';
import { Organization } from '../organization.entity.js';

export class OrganizationDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty()
  slug: string;

  @ApiProperty()
  createdAt: string;

  static from(organization: Organization): OrganizationDto {
    return { id: organization.id, name: organization.name, slug: organization.slug, createdAt: organization.createdAt.toISOString() };
  }
}
