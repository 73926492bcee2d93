import { LintFindingDto } from '../../../templates/src/index.js';
import type { JobStage } from '../job-stage.entity.js';
import type { JobView } from '../jobs.service.js';
import type { JobDto, JobSummaryDto, StageDto } from './job.dto.js';

export function toStageDto(stage: JobStage): StageDto {
  return { id: stage.id, position: stage.position, name: stage.name, kind: stage.kind, kitKey: stage.kitKey, slaDays: stage.slaDays };
}

export function toJobSummaryDto(view: JobView): JobSummaryDto {
  const { job } = view;
  return {
    id: job.id,
    organizationId: job.organizationId,
    title: job.title,
    status: job.status,
    templateId: job.templateId,
    templateRevisionId: job.templateRevisionId,
    departmentId: job.departmentId,
    officeIds: view.officeIds,
    workModel: job.workModel,
    remoteCountries: job.remoteCountries,
    employmentType: job.employmentType,
    seniority: job.seniority,
    salary:
      job.salaryMin === null || job.salaryMax === null || !job.salaryCurrency || !job.salaryPeriod
        ? null
        : { min: job.salaryMin, max: job.salaryMax, currency: job.salaryCurrency, period: job.salaryPeriod, suggested: job.salarySuggested },
    openings: job.openings,
    filled: job.filled,
    applicantCount: view.applicants.total,
    activeApplicantCount: view.applicants.active,
    hiringTeam: view.hiringTeam,
    closeReason: job.closeReason,
    version: job.version,
    openedAt: job.openedAt?.toISOString() ?? null,
    closedAt: job.closedAt?.toISOString() ?? null,
    createdAt: job.createdAt.toISOString(),
    updatedAt: job.updatedAt.toISOString(),
  };
}

export function toJobDto(view: JobView): JobDto {
  return {
    ...toJobSummaryDto(view),
    variables: view.job.variables,
    description: { markdown: view.job.descriptionMarkdown, html: view.job.descriptionHtml },
    findings: view.job.findings.map((f) => LintFindingDto.from(f)),
    interviewPlan: view.stages.map(toStageDto),
  };
}
