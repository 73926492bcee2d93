import { Injectable } from '@nestjs/common';
import { OrganizationsService } from '../../identity/src/index.js';
import { lintTemplate, payPeriodPhrase, TemplatesService, type TemplateRevision } from '../../templates/src/index.js';
import { Job } from './job.entity.js';
import { JobWorkModel } from './job.types.js';
import type { Office } from './office.entity.js';

/** Renders and lints a job's title and description from its template revision and values. */
@Injectable()
export class JobDescriptionRenderer {
  constructor(
    private readonly templates: TemplatesService,
    private readonly organizations: OrganizationsService,
  ) {}

  /**
   * Renders the job's title and description from what was written (its title template, else the
   * revision's title; the revision's sections) and the values, in one pass: a value is inserted
   * literally, and the stored output (`title`, `description*`) is never an input. Lints the result
   * (sets title, description, findings). A title over the limit is a 422 on `title`.
   */
  async describe(job: Job, revision: TemplateRevision, context: { departmentName?: string; offices: Office[] }): Promise<void> {
    const organization = await this.organizations.findById(job.organizationId);
    const declared = new Set(revision.variables.map((v) => v.name));
    const derived: Record<string, unknown> = {
      companyName: organization?.name,
      teamName: context.departmentName,
      location: this.locationOf(job, context.offices),
      salaryMin: job.salaryMin ?? undefined,
      salaryMax: job.salaryMax ?? undefined,
      currency: job.salaryCurrency ?? undefined,
    };
    const values: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(derived)) if (declared.has(name) && value !== undefined && value !== null) values[name] = value;
    Object.assign(values, job.variables);
    // The pay period follows the job's salary, never a variable typed beside it: a MONTH or HOUR
    // band must not read "per year".
    const period = payPeriodPhrase(job.salaryPeriod);
    if (declared.has('payPeriod') && period !== undefined) values.payPeriod = period;
    const rendered = this.templates.renderRevision(revision, values, job.titleTemplate ?? undefined);
    const settings = await this.organizations.settings(job.organizationId);
    job.title = rendered.title;
    job.descriptionMarkdown = rendered.markdown;
    job.descriptionHtml = rendered.html;
    job.findings = lintTemplate(
      { sections: rendered.sections },
      {
        requirePayRange: settings.requirePayRange,
        seniority: job.seniority,
        title: rendered.title,
        salary: job.salaryMin !== null && job.salaryMax !== null ? { min: job.salaryMin, max: job.salaryMax, currency: job.salaryCurrency ?? undefined } : null,
      },
    );
  }

  private locationOf(job: Job, offices: Office[]): string {
    if (job.workModel === JobWorkModel.Remote) return job.remoteCountries.length ? `Remote (${job.remoteCountries.join(', ')})` : 'Remote';
    const places = offices.map((o) => `${o.city}, ${o.country}`).join(' / ');
    if (!places) return job.workModel === JobWorkModel.Hybrid ? 'Hybrid' : 'On site';
    return job.workModel === JobWorkModel.Hybrid ? `${places} (hybrid)` : places;
  }
}
