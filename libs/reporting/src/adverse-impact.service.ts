import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { ALL_SELF_IDENTIFICATION_QUESTIONS, type AuthUser, SelfIdentificationQuestion } from '../../identity/src/index.js';
import { AdverseImpactQueryDto, AdverseImpactReportDto, AdverseImpactStageDto } from './dto/adverse-impact.dto.js';
import { appliedInPeriod, assertReportFilters } from './report-filters.js';

/** Groups with fewer people entering a stage are not reported there (no numbers). */
export const MINIMUM_GROUP_SIZE = 5;
/** The four-fifths rule: a group selected at under 80 % of the most selected group's rate is flagged. */
export const FOUR_FIFTHS = 0.8;

const COLUMNS: Record<SelfIdentificationQuestion, string> = {
  [SelfIdentificationQuestion.Sex]: 'si.sex',
  [SelfIdentificationQuestion.RaceEthnicity]: 'si.race_ethnicity',
  [SelfIdentificationQuestion.VeteranStatus]: 'si.veteran_status',
  [SelfIdentificationQuestion.Disability]: 'si.disability',
};

/**
 * `GET /v1/reports/adverse-impact` (admins): for each self-identification question and each stage, the selection rate
 * of each group (applications that went past the stage / applications that reached it) and its impact ratio against
 * the most selected group. The cohort is the applications whose `applied_at` falls in [from, to] (optionally one job)
 * that answered the survey; "declined" answers and unanswered questions count in no group. Stages are grouped by name
 * across jobs, like the hiring report's pass-through.
 */
@Injectable()
export class AdverseImpactService {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async report(actor: AuthUser, query: AdverseImpactQueryDto): Promise<AdverseImpactReportDto> {
    await assertReportFilters(this.txHost.tx, actor.organizationId, query);
    const params: unknown[] = [actor.organizationId];
    const where = ['a.organization_id = $1', 'a.merged_into_id IS NULL'];
    appliedInPeriod(query, params, where);
    if (query.jobId) {
      params.push(query.jobId);
      where.push(`a.job_id = $${params.length}`);
    }
    const groups = ALL_SELF_IDENTIFICATION_QUESTIONS.map((q) => `('${q}', ${COLUMNS[q]})`).join(', ');
    const rows = await this.txHost.tx.query<
      Array<{ question: SelfIdentificationQuestion; answer: string; stage_name: string; kind: string; position: number; entered: number; selected: number }>
    >(
      `WITH cohort AS (
         SELECT a.id, a.job_id, a.stage_id FROM applications a
           JOIN self_identifications si ON si.organization_id = a.organization_id AND si.application_id = a.id
          WHERE ${where.join(' AND ')}
       ), reached AS (
         SELECT DISTINCT c.id AS application_id, s.name, s.kind, s.position
           FROM cohort c JOIN job_stages s ON s.job_id = c.job_id
          WHERE s.id = c.stage_id
             OR EXISTS (SELECT 1 FROM application_moves m WHERE m.application_id = c.id AND (m.to_stage_id = s.id OR m.from_stage_id = s.id))
       ), furthest AS (
         SELECT r.application_id, max(r.position) AS position FROM reached r GROUP BY r.application_id
       )
       SELECT g.question, g.answer, r.name AS stage_name, r.kind, min(r.position)::int AS position, count(*)::int AS entered,
              count(*) FILTER (WHERE f.position > r.position)::int AS selected
         FROM reached r JOIN furthest f ON f.application_id = r.application_id
         JOIN self_identifications si ON si.organization_id = $1 AND si.application_id = r.application_id
         CROSS JOIN LATERAL (VALUES ${groups}) AS g(question, answer)
        WHERE g.answer IS NOT NULL AND g.answer <> 'declined'
        GROUP BY g.question, g.answer, r.name, r.kind
        ORDER BY g.question, min(r.position), r.name, g.answer`,
      params,
    );
    const [{ respondents }] = await this.txHost.tx.query<Array<{ respondents: number }>>(
      `SELECT count(*)::int AS respondents FROM applications a
         JOIN self_identifications si ON si.organization_id = a.organization_id AND si.application_id = a.id
        WHERE ${where.join(' AND ')}`,
      params,
    );
    return {
      filters: { from: query.from ?? null, to: query.to ?? null, jobId: query.jobId ?? null },
      minimumGroupSize: MINIMUM_GROUP_SIZE,
      threshold: FOUR_FIFTHS,
      respondents,
      questions: ALL_SELF_IDENTIFICATION_QUESTIONS.map((question) => ({ question, stages: stagesOf(rows.filter((r) => r.question === question)) })),
    };
  }
}

const round4 = (n: number) => Math.round(n * 10_000) / 10_000;

/** Rows of one question → its stages, each with its groups' rates and impact ratios (small groups without numbers). */
export function stagesOf(
  rows: Array<{ answer: string; stage_name: string; kind: string; position: number; entered: number; selected: number }>,
): AdverseImpactStageDto[] {
  const stages = new Map<string, AdverseImpactStageDto & { raw: typeof rows }>();
  for (const r of rows) {
    const key = `${r.stage_name}\u0000${r.kind}`;
    const stage = stages.get(key) ?? { stageName: r.stage_name, kind: r.kind, position: r.position, groups: [], raw: [] };
    stage.position = Math.min(stage.position, r.position);
    stage.raw.push(r);
    stages.set(key, stage);
  }
  return [...stages.values()]
    .sort((a, b) => a.position - b.position || a.stageName.localeCompare(b.stageName))
    .map(({ raw, ...stage }) => {
      const reportable = raw.filter((r) => r.entered >= MINIMUM_GROUP_SIZE);
      const best = Math.max(0, ...reportable.map((r) => r.selected / r.entered));
      return {
        ...stage,
        groups: raw.map((r) => {
          if (r.entered < MINIMUM_GROUP_SIZE) return { group: r.answer, tooFewToReport: true };
          const rate = r.selected / r.entered;
          const ratio = best > 0 ? rate / best : null;
          return {
            group: r.answer,
            tooFewToReport: false,
            entered: r.entered,
            selected: r.selected,
            selectionRate: round4(rate),
            impactRatio: ratio === null ? null : round4(ratio),
            flagged: ratio !== null && ratio < FOUR_FIFTHS,
          };
        }),
      };
    });
}
