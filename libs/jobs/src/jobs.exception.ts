import { DomainException, DomainExceptionOptions, ErrorKind } from '../../platform/src/index.js';

export enum JobsErrorCode {
  JobNotFound = 'jobs.job_not_found',
  NotOnHiringTeam = 'jobs.not_on_hiring_team',
  DepartmentNotFound = 'jobs.department_not_found',
  OfficeNotFound = 'jobs.office_not_found',
  DepartmentNameTaken = 'jobs.department_name_taken',
  OfficeNameTaken = 'jobs.office_name_taken',
  InvalidParent = 'jobs.invalid_parent',
  InvalidHiringTeam = 'jobs.invalid_hiring_team',
  InvalidJob = 'jobs.invalid_job',
  IllegalTransition = 'jobs.illegal_transition',
  BlockingFindings = 'jobs.blocking_findings',
  StaleVersion = 'jobs.stale_version',
  JobClosed = 'jobs.job_closed',
  StageOccupied = 'jobs.stage_occupied',
  InvalidStages = 'jobs.invalid_stages',
  UnitArchived = 'jobs.unit_archived',
}

const KIND: Record<JobsErrorCode, ErrorKind> = {
  [JobsErrorCode.JobNotFound]: ErrorKind.NotFound,
  [JobsErrorCode.NotOnHiringTeam]: ErrorKind.Forbidden,
  [JobsErrorCode.DepartmentNotFound]: ErrorKind.NotFound,
  [JobsErrorCode.OfficeNotFound]: ErrorKind.NotFound,
  [JobsErrorCode.DepartmentNameTaken]: ErrorKind.Conflict,
  [JobsErrorCode.OfficeNameTaken]: ErrorKind.Conflict,
  [JobsErrorCode.InvalidParent]: ErrorKind.Unprocessable,
  [JobsErrorCode.InvalidHiringTeam]: ErrorKind.Unprocessable,
  [JobsErrorCode.InvalidJob]: ErrorKind.Unprocessable,
  [JobsErrorCode.IllegalTransition]: ErrorKind.Conflict,
  [JobsErrorCode.BlockingFindings]: ErrorKind.Unprocessable,
  [JobsErrorCode.StaleVersion]: ErrorKind.Conflict,
  [JobsErrorCode.JobClosed]: ErrorKind.Conflict,
  [JobsErrorCode.StageOccupied]: ErrorKind.Conflict,
  [JobsErrorCode.InvalidStages]: ErrorKind.Unprocessable,
  [JobsErrorCode.UnitArchived]: ErrorKind.Unprocessable,
};

export class JobsException extends DomainException {
  constructor(code: JobsErrorCode, message: string, options?: DomainExceptionOptions) {
    super(code, KIND[code], message, options);
  }
}
