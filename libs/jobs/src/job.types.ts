/** Enumerations of the jobs module; the values are part of the public API. */

export enum JobStatus {
  Draft = 'draft',
  Open = 'open',
  OnHold = 'on_hold',
  Closed = 'closed',
}

export enum JobWorkModel {
  Onsite = 'onsite',
  Hybrid = 'hybrid',
  Remote = 'remote',
}

export enum EmploymentType {
  FullTime = 'FULL_TIME',
  PartTime = 'PART_TIME',
  Contractor = 'CONTRACTOR',
  Temporary = 'TEMPORARY',
  Intern = 'INTERN',
}

export enum JobSeniority {
  Junior = 'junior',
  Mid = 'mid',
  Senior = 'senior',
  Staff = 'staff',
}

export enum SalaryPeriod {
  Year = 'YEAR',
  Month = 'MONTH',
  Hour = 'HOUR',
}

export enum HiringTeamRole {
  Recruiter = 'recruiter',
  HiringManager = 'hiring_manager',
  Interviewer = 'interviewer',
}

/** What an interview-plan stage is for; pipelines and interviews key behaviour off it. */
export enum StageKind {
  ApplicationReview = 'application_review',
  RecruiterScreen = 'recruiter_screen',
  TakeHome = 'take_home',
  TechnicalInterview = 'technical_interview',
  SystemDesign = 'system_design',
  HiringManager = 'hiring_manager',
  ReferenceCheck = 'reference_check',
  Offer = 'offer',
  Hired = 'hired',
  Other = 'other',
}

/** Legal lifecycle moves: draft → open → on_hold → open → closed (and draft/on_hold → closed). */
export const JOB_TRANSITIONS: Record<'open' | 'hold' | 'close', JobStatus[]> = {
  open: [JobStatus.Draft, JobStatus.OnHold],
  hold: [JobStatus.Open],
  close: [JobStatus.Draft, JobStatus.Open, JobStatus.OnHold],
};
