import { type JobStage } from '../../jobs/src/index.js';
import { isUniqueViolation } from '../../platform/src/index.js';
import { ApplicationStatus } from './pipeline.types.js';
import { PipelinesErrorCode, PipelinesException } from './pipelines.exception.js';

/** Row shapes and helpers shared by ApplicationsService, ApplicationIntake and ApplicationMoves (not exported from the module). */
export interface ApplicationRow {
  id: string;
  organization_id: string;
  candidate_id: string;
  job_id: string;
  stage_id: string;
  status: ApplicationStatus;
  source: string | null;
  version: number;
  applied_at: Date;
  stage_entered_at: Date;
  rejection_reason_id: string | null;
  rejection_note: string | null;
  closed_at: Date | null;
}

export interface StageRow {
  id: string;
  job_id: string;
  name: string;
  kind: string;
  position: number;
}

/** A stage of the jobs module's plan, in the row shape this service uses. */
export const toStageRow = (s: JobStage): StageRow => ({ id: s.id, job_id: s.jobId, name: s.name, kind: s.kind, position: s.position });

export const APP_COLUMNS = `a.id, a.organization_id, a.candidate_id, a.job_id, a.stage_id, a.status, a.source, a.version, a.applied_at, a.stage_entered_at,
  a.rejection_reason_id, a.rejection_note, a.closed_at`;

export async function mapActiveConflict<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isUniqueViolation(error, 'applications_one_active_key')) throw activeExists();
    throw error;
  }
}

export function activeExists(existingApplicationId?: string): PipelinesException {
  return new PipelinesException(PipelinesErrorCode.ActiveApplicationExists, 'The candidate already has an active application to this job.', {
    ...(existingApplicationId ? { extensions: { existingApplicationId } } : {}),
  });
}

export function notActive(status: string): PipelinesException {
  return new PipelinesException(PipelinesErrorCode.ApplicationNotActive, `The application is ${status}; only active applications can change.`, {
    extensions: { currentStatus: status },
  });
}
