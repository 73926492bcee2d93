import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Organization, OrganizationSettings } from './organization.entity.js';

export const DEFAULT_ORGANIZATION_SETTINGS: Required<Pick<OrganizationSettings, 'requirePayRange' | 'scorecardDeadlineHours'>> = {
  requirePayRange: true,
  scorecardDeadlineHours: 24,
};

/** Reads organizations (by id or public slug) and their settings with defaults applied. */
@Injectable()
export class OrganizationsService {
  constructor(@InjectRepository(Organization) private readonly organizations: Repository<Organization>) {}

  findById(id: string): Promise<Organization | null> {
    return this.organizations.findOneBy({ id });
  }

  findBySlug(slug: string): Promise<Organization | null> {
    return this.organizations.findOneBy({ slug });
  }

  async settings(organizationId: string): Promise<OrganizationSettings & typeof DEFAULT_ORGANIZATION_SETTINGS> {
    const organization = await this.organizations.findOneBy({ id: organizationId });
    return { ...DEFAULT_ORGANIZATION_SETTINGS, ...(organization?.settings ?? {}) };
  }
}
